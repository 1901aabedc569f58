using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Coupons (优惠券): issued from templates, one per checkout, used once, refused with a reason.</summary>
public sealed class CouponTests : IAsyncLifetime
{
    private readonly LoyaltyApp _app = new();

    public async Task InitializeAsync()
    {
        await (await _app.Admin.PostAsJsonAsync("/api/v1/coupon-templates",
            new { templateId = "TEN-OFF-100", name = "10 off 100", kind = "amountOff", amount = 10m, minSpend = 100m, validDays = 30 })).Json(HttpStatusCode.Created);
        await (await _app.Admin.PostAsJsonAsync("/api/v1/coupon-templates",
            new { templateId = "PCT-20", name = "20% off", kind = "percentOff", percent = 20m, validDays = 7 })).Json(HttpStatusCode.Created);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> Issue(string memberId, string templateId, string code) =>
        (await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/coupons", new { templateId, couponCode = code })).Json(HttpStatusCode.Created)).Str("couponCode");

    private static object WithCoupon(string id, string card, string code, params object[] lines) =>
        new { checkoutId = id, storeId = "S001", cardNumber = card, couponCode = code, lines };

    [Fact]
    public async Task An_amount_off_coupon_is_shared_over_the_lines_and_an_excluded_line_does_not_lower_the_others_points()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await Issue(memberId, "TEN-OFF-100", "C-1");

        // Lines: 100.00 grocery (−5.00 → net 95.00) and 25.00 tobacco (no discount, net 25.00): 120.00 after discounts.
        // Coupon 10.00 shared by net: 95/120 × 10 = 7.92 and 25/120 × 10 = 2.08. Points: floor(95.00 − 7.92) = 87.
        var receipt = await _app.Clerk.CheckoutOk(WithCoupon("cp-1", card, "C-1", Line("RICE", 1, 100m), Line("CIG", 1, 25m, "tobacco")));

        Assert.Equal(10.00m, receipt.Dec("couponDiscount"));
        Assert.Equal(110.00m, receipt.Dec("amountDue"));
        Assert.Equal(87, receipt.Long("pointsEarned"));
        await (await _app.Clerk.Checkout(WithCoupon("cp-2", card, "C-1", Line("RICE", 1, 100m))))
            .Problem(HttpStatusCode.Conflict, "coupon_invalid");
        var wallet = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/coupons?includeUsed=true")).Json(HttpStatusCode.OK);
        Assert.Equal("cp-1", wallet["coupons"]!.AsArray().Single()!.Str("usedByCheckoutId"));
    }

    [Fact]
    public async Task A_coupon_is_refused_with_a_reason_below_its_minimum_spend_after_expiry_or_when_unknown_and_nothing_changes()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await Issue(memberId, "TEN-OFF-100", "C-2");

        // 100 − 5% = 95.00 after discounts: below the minimum of 100.
        var low = await (await _app.Clerk.Checkout(WithCoupon("cp-3", card, "C-2", Line("RICE", 1, 100m)))).Problem(HttpStatusCode.Conflict, "coupon_invalid");
        Assert.Contains("100.00", low.Str("detail"));
        await (await _app.Clerk.Checkout(WithCoupon("cp-4", card, "NOPE", Line("RICE", 1, 200m)))).Problem(HttpStatusCode.Conflict, "coupon_invalid");
        _app.Time.Advance(TimeSpan.FromDays(31));
        await (await _app.Clerk.Checkout(WithCoupon("cp-5", card, "C-2", Line("RICE", 1, 200m)))).Problem(HttpStatusCode.Conflict, "coupon_invalid");

        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task A_percent_coupon_takes_its_share_of_the_amount_after_member_discounts()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await Issue(memberId, "PCT-20", "C-3");

        // 50.00 − 5% = 47.50; 20% of 47.50 = 9.50; due 38.00; 38 points.
        var receipt = await _app.Clerk.CheckoutOk(WithCoupon("cp-6", card, "C-3", Line("TEA", 1, 50m)));

        Assert.Equal(9.50m, receipt.Dec("couponDiscount"));
        Assert.Equal(38.00m, receipt.Dec("amountDue"));
        Assert.Equal(38, receipt.Long("pointsEarned"));
    }

    [Fact]
    public async Task New_members_get_the_welcome_coupon_when_the_program_names_one_and_clerks_cannot_issue()
    {
        await _app.ChangeProgram(new { welcomeCouponTemplateId = "PCT-20" });

        var member = await _app.Clerk.RegisterMember("Lin Feng");
        var memberId = member.Str("memberId");

        var wallet = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/coupons")).Json(HttpStatusCode.OK);
        var coupon = wallet["coupons"]!.AsArray().Single()!;
        Assert.Equal("welcome", coupon.Str("source"));
        Assert.Equal($"WELCOME-{memberId}", coupon.Str("couponCode"));
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{memberId}/coupons", new { templateId = "PCT-20" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/coupons", new { templateId = "NOPE" })).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_coupon_can_be_a_gift_redeemed_with_points()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await _app.Clerk.CheckoutOk(Basket("earn", card, Line("A", 1, 1_000m)));        // 950 points
        await (await _app.Admin.PostAsJsonAsync("/api/v1/catalog",
            new { catalogItemId = "COUPON-10", name = "10 off 100 coupon", pointsPrice = 300, stock = 10, couponTemplateId = "TEN-OFF-100" })).Json(HttpStatusCode.Created);

        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/members/{memberId}/redemptions",
            new { redemptionId = "gift-c", catalogItemId = "COUPON-10", quantity = 2 })).Json(HttpStatusCode.OK);

        var wallet = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/coupons")).Json(HttpStatusCode.OK);
        Assert.Equal(["GIFT-gift-c-1", "GIFT-gift-c-2"], wallet["coupons"]!.AsArray().Select(c => c!.Str("couponCode")));
        Assert.All(wallet["coupons"]!.AsArray(), c => Assert.Equal("gift", c!.Str("source")));
        Assert.Equal(950 - 600, (await _app.Clerk.Member(memberId)).Available());
        await (await _app.Admin.PostAsJsonAsync("/api/v1/catalog",
            new { catalogItemId = "BAD", name = "x", pointsPrice = 1, stock = 1, couponTemplateId = "NOPE" })).Problem(HttpStatusCode.BadRequest, "validation");
    }
}
