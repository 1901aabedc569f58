using System.Net;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Outreach (会员营销): check-in streaks, reviews only for bought SKUs, A/B/C/D customer classes.</summary>
public sealed class OutreachTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<long> CheckInPoints(string memberId)
    {
        var result = await (await _app.Clerk.CheckIn(memberId)).Json(HttpStatusCode.OK);
        return result.Long("pointsDelta");
    }

    [Fact]
    public async Task Every_third_consecutive_check_in_earns_the_streak_bonus_and_a_gap_starts_the_streak_again()
    {
        await _app.ChangeProgram(new { checkInStreakDays = 3, checkInStreakBonus = 20 });
        var memberId = await _app.Clerk.NewMemberId();

        // Days 1–3: 5, 5, 5 + 20; day 4: 5 (streak 4); day 5 missed; day 6: 5 (streak 1 again).
        Assert.Equal(5, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(5, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(25, await CheckInPoints(memberId));
        // A second check-in the same day answers the first: no second bonus.
        Assert.Equal(25, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(5, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(5, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(5, await CheckInPoints(memberId));
        _app.Time.Advance(TimeSpan.FromDays(1));
        // Days 6, 7, 8 make the new streak of 3.
        Assert.Equal(25, await CheckInPoints(memberId));

        // 5 + 5 + 25 + 5 + 5 + 5 + 25 = 75.
        Assert.Equal(75, (await _app.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task Without_the_setting_consecutive_check_ins_earn_the_plain_points()
    {
        var memberId = await _app.Clerk.NewMemberId();
        for (var day = 0; day < 7; day++)
        {
            Assert.Equal(5, await CheckInPoints(memberId));
            _app.Time.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(35, (await _app.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task A_review_earns_only_for_a_sku_the_member_bought_once_per_purchase()
    {
        await _app.ChangeProgram(new { reviewRequiresPurchase = true });
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

        await (await _app.Clerk.Review(memberId, "rv-0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Clerk.Review(memberId, "rv-1", "RICE")).Problem(HttpStatusCode.Conflict, "review_not_eligible");
        // 100 − 5% = 95.00 paid: 95 points.
        await _app.Clerk.CheckoutOk(Basket("rv-co-1", card, Line("RICE", 1, 100m)));
        var first = await (await _app.Clerk.Review(memberId, "rv-2", "RICE")).Json(HttpStatusCode.OK);
        Assert.Equal(10, first.Long("pointsDelta"));
        // The same review again answers the first; another review of the same purchase earns nothing.
        Assert.Equal(first.ToJsonString(), (await (await _app.Clerk.Review(memberId, "rv-2", "RICE")).Json(HttpStatusCode.OK)).ToJsonString());
        await (await _app.Clerk.Review(memberId, "rv-3", "RICE")).Problem(HttpStatusCode.Conflict, "review_not_eligible");
        await (await _app.Clerk.Review(memberId, "rv-4", "OIL")).Problem(HttpStatusCode.Conflict, "review_not_eligible");
        // 95 + 10.
        Assert.Equal(105, (await _app.Admin.Member(memberId)).Available());

        // Buying it again allows another review.
        await _app.Clerk.CheckoutOk(Basket("rv-co-2", card, Line("RICE", 1, 100m)));
        await (await _app.Clerk.Review(memberId, "rv-5", "RICE")).Json(HttpStatusCode.OK);
        // 105 + 95 + 10.
        Assert.Equal(210, (await _app.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task By_default_any_review_earns()
    {
        var memberId = await _app.Clerk.NewMemberId();
        Assert.Equal(10, (await (await _app.Clerk.Review(memberId, "rvd-1")).Json(HttpStatusCode.OK)).Long("pointsDelta"));
        Assert.Equal(10, (await (await _app.Clerk.Review(memberId, "rvd-2", "NEVER-BOUGHT")).Json(HttpStatusCode.OK)).Long("pointsDelta"));
    }

    [Fact]
    public async Task Customer_classes_count_members_by_spend_in_the_last_twelve_months()
    {
        await CustomerClassScenario.Run(_app);
        await CustomerClassScenario.AssertReport(_app);
    }
}

/// <summary>
/// Thresholds A ≥ 1,000, B ≥ 500, C ≥ 100. Paid after the 5% regular discount: 1,200 → 1,140.00 (A), 600 → 570.00 (B),
/// 200 → 190.00 (C), 100 → 95.00 (D); a fifth member never bought and is not a customer.
/// </summary>
public static class CustomerClassScenario
{
    public static async Task Run(LoyaltyApp app)
    {
        await app.ChangeProgram(new { customerClassThresholds = new[] { 1_000m, 500m, 100m } });
        var baskets = new (string Id, decimal Price)[] { ("cc-a", 1_200m), ("cc-b", 600m), ("cc-c", 200m), ("cc-d", 100m) };
        foreach (var (id, price) in baskets)
        {
            var (_, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            await app.Clerk.CheckoutOk(Basket(id, card, Line("X", 1, price)));
        }
        await app.Clerk.NewMemberId();
    }

    public static async Task AssertReport(LoyaltyApp app)
    {
        var report = await (await app.Admin.GetAsync("/api/v1/reports/customer-classes")).Json(HttpStatusCode.OK);
        Assert.Equal(4, report.Long("members"));
        var classes = report["classes"]!.AsArray();
        Assert.Equal(["A", "B", "C", "D"], classes.Select(c => c!.Str("class")));
        Assert.Equal([1L, 1, 1, 1], classes.Select(c => c!.Long("members")));
        Assert.Equal([1_140.00m, 570.00m, 190.00m, 95.00m], classes.Select(c => c!.Dec("spend")));
        Assert.Equal(1_000m, classes[0]!.Dec("minSpend"));
        Assert.Null(classes[3]!["minSpend"]);
        // A clerk reads no reports.
        await (await app.Clerk.GetAsync("/api/v1/reports/customer-classes")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
