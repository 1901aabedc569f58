using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Grains.Jobs;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Further ways to qualify for a tier and the review window (issue 13 item 6), through the HTTP API; in-memory storage, clock at 2026-06-15.</summary>
public sealed class TierQualificationApiTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_review_reads_the_hold_window_and_the_member_view_measures_keeping_against_it()
    {
        await _app.ChangeProgram(new { tierHoldMonths = 6 });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("hold-1", card, Line("TV", 1, 6_000m)));           // 5,700 paid → gold on 2026-06-15
        var gold = await _app.Admin.Member(memberId);
        Assert.Equal("2026-12-15", gold["tierProgress"]!.Str("reviewOn"));
        Assert.Equal(0m, gold["tierProgress"]!.Dec("spendToKeepTier"));

        Assert.Equal(0, (await _app.RunJobsAt("2026-12-14 23:59:59")).Jobs[JobNames.TierReview].Due);
        await _app.RunJobsAt("2026-12-15 00:00");

        // The 6-month window (2026-06-16 … 2026-12-15) holds nothing: gold → silver, although 12 months would hold 5,700.
        var member = await _app.Admin.Member(memberId);
        Assert.Equal("silver", member.Str("tier"));
        Assert.Equal(5_700m, member.Dec("qualifyingSpend"));                                 // the 12-month qualifying metric
        Assert.Equal(1_000m, member["tierProgress"]!.Dec("spendToKeepTier"));                // silver's 1,000 − 0 in the hold window
        Assert.Equal("2027-06-15", member["tierProgress"]!.Str("reviewOn"));
        Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("operationId") == "tier-review:2026-12-15");
    }

    [Fact]
    public async Task A_tier_valid_to_the_end_of_the_year_is_reviewed_on_1_January_against_that_year()
    {
        await _app.ChangeProgram(new { tierValidity = "calendarYearEnd" });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("cy-1", card, Line("TV", 1, 6_000m)));             // 5,700 → gold on 2026-06-15
        Assert.Equal("2027-01-01", (await _app.Admin.Member(memberId))["tierProgress"]!.Str("reviewOn"));

        Assert.Equal(0, (await _app.RunJobsAt("2026-12-31 23:59:59")).Jobs[JobNames.TierReview].Due);
        Assert.Equal(1, (await _app.RunJobsAt("2027-01-01 00:00")).Jobs[JobNames.TierReview].Due);
        // 2026 spent 5,700 ≥ 5,000: gold is kept for 2027.
        var kept = await _app.Admin.Member(memberId);
        Assert.Equal("gold", kept.Str("tier"));
        Assert.Equal("2028-01-01", kept["tierProgress"]!.Str("reviewOn"));

        // Nothing spent in 2027: on 1 January 2028 gold drops one step.
        await _app.RunJobsAt("2028-01-01 00:00");
        Assert.Equal("silver", (await _app.Admin.Member(memberId)).Str("tier"));
        Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("operationId") == "tier-review:2028-01-01");
    }

    [Fact]
    public async Task Purchases_in_the_window_qualify_and_a_full_refund_takes_one_back()
    {
        await _app.ChangeProgram(new
        {
            qualifyingMetric = "purchaseCount",
            qualifyingWindowMonths = 6,
            tiers = ProgramSettings.Default.Tiers.Select((t, i) => t with { QualifyingSpend = new[] { 0m, 3m, 10m, 20m, 50m }[i] }),
        });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        Assert.Equal("regular", (await _app.Clerk.CheckoutOk(Basket("pc-1", card, Line("A", 1, 10m)))).Str("tierAfter"));
        Assert.Equal("regular", (await _app.Clerk.CheckoutOk(Basket("pc-2", card, Line("A", 1, 10m)))).Str("tierAfter"));
        Assert.Equal("silver", (await _app.Clerk.CheckoutOk(Basket("pc-3", card, Line("A", 1, 10m)))).Str("tierAfter"));
        var silver = await _app.Admin.Member(memberId);
        Assert.Equal("silver", silver.Str("tier"));
        Assert.Equal(3m, silver.Dec("qualifyingSpend"));
        Assert.Equal(7m, silver["tierProgress"]!.Dec("spendToNextTier"));                    // gold at 10 purchases

        // Returning everything of the third purchase takes it back: 2 purchases, and the upgrade it brought goes.
        await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/pc-3/refunds", new { refundId = "rf-pc-3" })).Json(HttpStatusCode.OK);
        var after = await _app.Admin.Member(memberId);
        Assert.Equal(2m, after.Dec("qualifyingSpend"));
        Assert.Equal("regular", after.Str("tier"));
    }

    [Fact]
    public async Task Points_earned_in_the_calendar_quarter_qualify_and_start_over_with_the_next_quarter()
    {
        await _app.ChangeProgram(new { qualifyingMetric = "quarterPoints" });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        // 1,000 − 5% = 950 paid → 950 points: below silver's 1,000.
        Assert.Equal("regular", (await _app.Clerk.CheckoutOk(Basket("qp-1", card, Line("A", 1, 1_000m)))).Str("tierAfter"));
        _app.Time.SetUtcNow(JobTime.At("2026-06-20 12:00"));
        // 100 − 5% = 95 points: 1,045 in Q2 → silver.
        Assert.Equal("silver", (await _app.Clerk.CheckoutOk(Basket("qp-2", card, Line("A", 1, 100m)))).Str("tierAfter"));
        Assert.Equal(1_045m, (await _app.Admin.Member(memberId)).Dec("qualifyingSpend"));

        _app.Time.SetUtcNow(JobTime.At("2026-07-01 12:00"));
        Assert.Equal(0m, (await _app.Admin.Member(memberId)).Dec("qualifyingSpend"));
    }

    [Fact]
    public async Task Spend_or_points_upgrades_on_points_when_spend_falls_short()
    {
        await _app.ChangeProgram(new
        {
            qualifyingMetric = "spendOrPoints",
            tiers = ProgramSettings.Default.Tiers.Select(t => t.Id == "silver" ? t with { QualifyingPoints = 500 } : t),
        });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        // 600 − 5% = 570 paid: 570 < 1,000 spend, but 570 points ≥ 500 → silver.
        var receipt = await _app.Clerk.CheckoutOk(Basket("sp-1", card, Line("A", 1, 600m)));
        Assert.Equal(570, receipt.Long("pointsEarned"));
        Assert.Equal("silver", receipt.Str("tierAfter"));
        var member = await _app.Admin.Member(memberId);
        Assert.Equal(570m, member.Dec("qualifyingSpend"));
        Assert.Equal(4_430m, member["tierProgress"]!.Dec("spendToNextTier"));                 // gold: 5,000 − 570, no points route
        Assert.Equal(0m, member["tierProgress"]!.Dec("spendToKeepTier"));
    }

    [Fact]
    public async Task A_24_month_window_counts_spend_from_two_years_back_and_keeps_it_in_the_history()
    {
        await _app.ChangeProgram(new { qualifyingWindowMonths = 24 });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("w24-1", card, Line("A", 1, 600m)));             // 570 on 2026-06-15
        _app.Time.SetUtcNow(JobTime.At("2028-06-01 12:00"));
        // 500 − 5% = 475; the window from 2026-06-02 still holds the 570: 1,045 → silver.
        Assert.Equal("silver", (await _app.Clerk.CheckoutOk(Basket("w24-2", card, Line("A", 1, 500m)))).Str("tierAfter"));
        Assert.Equal(1_045m, (await _app.Admin.Member(memberId)).Dec("qualifyingSpend"));
    }

    [Fact]
    public async Task Bad_tier_rule_settings_are_refused()
    {
        var current = (await _app.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/program"))!;
        var response = await _app.Admin.PutAsJsonAsync("/api/v1/program", new { version = current["version"]!.GetValue<int>(), qualifyingWindowMonths = 0 });
        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("qualifyingWindowMonths", problem.ToJsonString());
    }
}
