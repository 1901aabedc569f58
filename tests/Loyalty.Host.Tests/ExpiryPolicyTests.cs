using Loyalty.Grains.Jobs;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>The expiry policies through the API (issue 13 item 8): both calendar variants and never; in-memory storage, clock at 2026-06-15.</summary>
public sealed class ExpiryPolicyTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Same_year_calendar_points_expire_at_the_start_of_1_January_after_the_year_they_were_earned()
    {
        await _app.ChangeProgram(new { expiryPolicy = "calendarSameYear" });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("cy-1", card, Line("A", 1, 100m)));               // 95 points on 2026-06-15
        Assert.Equal(new DateOnly(2027, 1, 1), Assert.Single((await _app.StoredMember(memberId)).Lots).ExpiresOn);

        Assert.Equal(0, (await _app.RunJobsAt("2026-12-31 23:59:59")).Jobs[JobNames.Expiry].Due);
        Assert.Equal(95, (await _app.Admin.Member(memberId)).Available());
        Assert.Equal(1, (await _app.RunJobsAt("2027-01-01 00:00")).Changed(JobNames.Expiry));
        Assert.Equal(0, (await _app.Admin.Member(memberId)).Available());
        var expire = Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("kind") == "expire")!;
        Assert.Equal("expire:2027-01-01", expire.Str("operationId"));
        Assert.Equal(-95, expire.Long("pointsDelta"));
    }

    [Fact]
    public async Task Calendar_points_last_to_the_end_of_the_next_year()
    {
        await _app.ChangeProgram(new { expiryPolicy = "calendar" });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("cn-1", card, Line("A", 1, 100m)));               // 95 points on 2026-06-15
        _app.Time.SetUtcNow(JobTime.At("2026-12-31 20:00"));
        await _app.Clerk.CheckoutOk(Basket("cn-2", card, Line("A", 1, 200m)));               // 190 points on 2026-12-31
        var lots = (await _app.StoredMember(memberId)).Lots;
        Assert.All(lots, l => Assert.Equal(new DateOnly(2028, 1, 1), l.ExpiresOn));

        Assert.Equal(0, (await _app.RunJobsAt("2027-12-31 23:59:59")).Jobs[JobNames.Expiry].Due);
        Assert.Equal(285, (await _app.Admin.Member(memberId)).Available());
        Assert.Equal(1, (await _app.RunJobsAt("2028-01-01 00:00")).Changed(JobNames.Expiry));
        Assert.Equal(0, (await _app.Admin.Member(memberId)).Available());
        Assert.Equal(-285, Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("kind") == "expire")!.Long("pointsDelta"));
    }

    [Fact]
    public async Task Points_never_expire_under_the_never_policy()
    {
        await _app.ChangeProgram(new { expiryPolicy = "never" });
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("nv-1", card, Line("A", 1, 100m)));               // 95 points
        var state = await _app.StoredMember(memberId);
        Assert.Null(Assert.Single(state.Lots).ExpiresOn);
        Assert.False(state.Jobs.Due.ContainsKey(JobNames.Expiry));

        var years = await _app.RunJobsAt("2036-06-15 00:00");
        Assert.Equal(0, years.Jobs[JobNames.Expiry].Due);
        Assert.Equal(95, (await _app.Admin.Member(memberId)).Available());
    }
}
