using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Loyalty.Grains.Jobs;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// An imported member is opened by the same code as a registered one: opening points expire like earned points, the
/// due jobs are written with the member, and a validity period starts. In-memory storage, clock at 2026-06-15.
/// </summary>
public sealed class ImportedMemberTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> Import(long openingPoints, decimal openingSpend)
    {
        var row = new JsonObject
        {
            ["rowId"] = "imp-1", ["name"] = "Imported Person", ["phone"] = "15900001234", ["homeStoreId"] = "S001",
            ["openingPoints"] = openingPoints, ["openingSpend"] = openingSpend,
        };
        using var content = new StringContent(row.ToJsonString() + "\n", Encoding.UTF8, "application/x-ndjson");
        using var answer = await _app.Admin.PostAsync("/api/v1/members/import", content);
        var result = (await answer.Json(HttpStatusCode.OK))["results"]![0]!;
        Assert.Equal("imported", result.Str("status"));
        return result.Str("memberId");
    }

    [Fact]
    public async Task Opening_points_expire_twelve_months_after_the_import_like_earned_points()
    {
        var memberId = await Import(openingPoints: 300, openingSpend: 0m);

        var state = await _app.StoredMember(memberId);
        var lot = Assert.Single(state.Lots);
        Assert.Equal((new DateOnly(2026, 6, 15), new DateOnly(2027, 6, 15), 300L), (lot.EarnedOn, lot.ExpiresOn!.Value, lot.Remaining));
        // The due row was written with the member, so the scheduler finds it without the grain ever having run.
        Assert.Equal(JobTime.At("2027-06-15 00:00"), state.Jobs.Due[JobNames.Expiry]);
        var due = await _app.Services.GetRequiredService<ILedgerStore>().ReadDueAsync(JobNames.Expiry, JobTime.At("2027-06-15 00:00"), 10);
        Assert.Contains(due, d => d.Key == memberId);

        Assert.Equal(0, (await _app.RunJobsAt("2027-06-14 23:59:59")).Changed(JobNames.Expiry));
        Assert.Equal(1, (await _app.RunJobsAt("2027-06-15 00:00:00")).Changed(JobNames.Expiry));

        Assert.Equal(0, (await _app.Admin.Member(memberId)).Available());
        var ledger = await _app.Admin.Ledger(memberId);
        Assert.Equal([("expire", -300L), ("import", 300L)], ledger.Select(e => (e!.Str("kind"), e!.Long("pointsDelta"))));
    }

    [Fact]
    public async Task Opening_spend_sets_the_tier_with_its_review_and_a_validity_period_starts()
    {
        _app.Program(p => p with { MembershipValidityMonths = 12 });

        // 1,500 opening spend reaches silver (1,000); held 12 months from the import, then reviewed.
        var memberId = await Import(openingPoints: 0, openingSpend: 1_500m);

        var state = await _app.StoredMember(memberId);
        Assert.Equal(("silver", new DateOnly(2026, 6, 15)), (state.Tier, state.TierSince));
        Assert.Equal(new DateOnly(2027, 6, 15), state.ValidUntil);
        Assert.Equal(JobTime.At("2027-06-15 00:00"), state.Jobs.Due[JobNames.TierReview]);
        Assert.False(state.Jobs.Due.ContainsKey(JobNames.Expiry));
        Assert.Equal("silver", (await _app.Admin.Member(memberId)).Str("tier"));
    }
}
