using System.Net;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Points as payment (积分抵扣), pending points, the daily cap and membership validity at checkout.</summary>
public sealed class PointsPaymentTests
{
    private static object Pay(string id, string card, long points, decimal price, string category = "grocery") =>
        new { checkoutId = id, storeId = "S001", cardNumber = card, redeemPoints = points, lines = new[] { Line("A", 1, price, category) } };

    [Fact]
    public async Task Points_pay_in_steps_of_one_hundred_up_to_half_the_amount_due()
    {
        using var app = new LoyaltyApp();
        var (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await app.Clerk.CheckoutOk(Basket("earn", card, Line("A", 1, 900m)));       // 855 points; 855 spend (regular)

        // 200 − 5% = 190 due; half is 95.00 → 900 points (90.00) fit, 1,000 (100.00) do not.
        await (await app.Clerk.Checkout(Pay("cap", card, 1_000, 200m))).Problem(HttpStatusCode.Conflict, "points_cap_exceeded");
        var step = await app.Clerk.Checkout(Pay("step", card, 150, 200m));
        Assert.Equal(HttpStatusCode.BadRequest, step.StatusCode);
        Assert.Equal(855, (await app.Clerk.Member(memberId)).Available());

        var receipt = await app.Clerk.CheckoutOk(Pay("pay", card, 800, 200m));
        Assert.Equal(800, receipt.Long("pointsRedeemed"));
        Assert.Equal(80.00m, receipt.Dec("pointsRedeemedValue"));
        Assert.Equal(110.00m, receipt.Dec("amountDue"));
        Assert.Equal(110, receipt.Long("pointsEarned"));                  // earned on money only: 190 − 80
        Assert.Equal(110.00m, receipt.Dec("qualifyingSpend"));
        Assert.Equal(855 - 800 + 110, receipt.Long("pointsBalance"));
        await (await app.Clerk.Checkout(Pay("more", card, 200, 1_000m))).Problem(HttpStatusCode.Conflict, "insufficient_points");
    }

    [Fact]
    public async Task Exactly_half_of_the_amount_due_may_be_paid_with_points()
    {
        using var app = new LoyaltyApp();
        var (_, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await app.Clerk.CheckoutOk(Basket("earn", card, Line("A", 1, 500m)));       // 475 points

        // 210.53 − 5% (10.53) = 200.00 due; 1,000 points = 100.00 = exactly 50%.
        var receipt = await app.Clerk.CheckoutOk(Pay("half", card, 400, 84.21m));   // 84.21 − 4.21 = 80.00; 400 pts = 40.00 = 50%
        Assert.Equal(40.00m, receipt.Dec("pointsRedeemedValue"));
        Assert.Equal(40.00m, receipt.Dec("amountDue"));
    }

    [Fact]
    public async Task Pending_points_cannot_be_spent_the_day_they_are_earned()
    {
        using var app = new LoyaltyApp();
        await app.ChangeProgram(new { pendingDays = 1 });
        var (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");

        var receipt = await app.Clerk.CheckoutOk(Basket("p1", card, Line("A", 1, 1_000m)));

        Assert.Equal(950, receipt.Long("pointsEarned"));
        Assert.Equal(0, receipt.Long("pointsBalance"));
        Assert.Equal(950, receipt.Long("pointsPending"));
        var member = await app.Clerk.Member(memberId);
        Assert.Equal(0, member.Available());
        Assert.Equal(950, member["points"]!.Long("pending"));
        await (await app.Clerk.Checkout(Pay("p2", card, 100, 100m))).Problem(HttpStatusCode.Conflict, "insufficient_points");
    }

    [Fact]
    public async Task The_daily_earning_cap_limits_points_per_calendar_day()
    {
        using var app = new LoyaltyApp();
        await app.ChangeProgram(new { dailyEarnCap = 1_000 });
        var (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");

        var first = await app.Clerk.CheckoutOk(Basket("c1", card, Line("A", 1, 800m)));     // 760
        var second = await app.Clerk.CheckoutOk(Basket("c2", card, Line("A", 1, 800m)));    // 760 → capped at 240
        app.Time.Advance(TimeSpan.FromDays(1));
        var next = await app.Clerk.CheckoutOk(Basket("c3", card, Line("A", 1, 100m)));      // silver now: 90 × 1.5 = 135

        Assert.Equal(760, first.Long("pointsEarned"));
        Assert.Equal(240, second.Long("pointsEarned"));
        Assert.Equal(240, second["lines"]!.AsArray().Sum(l => l!.Long("pointsEarned")));
        Assert.Equal(135, next.Long("pointsEarned"));
        Assert.Equal(760 + 240 + 135, (await app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task An_expired_membership_pays_full_price_earns_nothing_and_is_renewed_by_the_purchase()
    {
        using var app = new LoyaltyApp();
        await app.ChangeProgram(new { membershipValidityMonths = 12 });
        var (_, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var renewed = await app.Clerk.CheckoutOk(Basket("v1", card, Line("A", 1, 100m)));
        Assert.Equal(5.00m, renewed.Dec("memberDiscount"));

        app.Time.Advance(TimeSpan.FromDays(366));
        var expired = await app.Clerk.CheckoutOk(Basket("v2", card, Line("A", 1, 100m)));
        var again = await app.Clerk.CheckoutOk(Basket("v3", card, Line("A", 1, 100m)));

        Assert.Equal(0m, expired.Dec("memberDiscount"));
        Assert.Equal(0, expired.Long("pointsEarned"));
        Assert.Equal(5.00m, again.Dec("memberDiscount"));
        Assert.Equal(95, again.Long("pointsEarned"));
    }

    [Fact]
    public async Task A_large_balance_change_writes_a_notification_for_the_member()
    {
        using var app = new LoyaltyApp();
        var (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");

        await app.Clerk.CheckoutOk(Basket("small", card, Line("A", 1, 100m)));        // 95 points: no notice
        await app.Clerk.CheckoutOk(Basket("large", card, Line("TV", 1, 6_000m)));     // 5,700 points ≥ 5,000

        var notes = (await (await app.Admin.GetAsync("/api/v1/notifications?limit=100")).Json(HttpStatusCode.OK))["notifications"]!.AsArray();
        var large = Assert.Single(notes, n => n!.Str("kind") == "large_balance_change");
        Assert.Equal(memberId, large!.Str("memberId"));
        Assert.Equal(5_700, large!["data"]!.Long("pointsDelta"));
    }
}
