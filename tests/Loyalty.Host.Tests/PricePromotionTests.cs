using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Price promotions (issue 13 item 7): member prices, price promotions, the floor and the stacking policy, through the API.</summary>
public sealed class PricePromotionTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task PricePromotion(string id, decimal? discountRate = null, decimal? amountOff = null, string[]? categories = null, string[]? skus = null)
    {
        var now = _app.Time.GetUtcNow();
        await (await _app.Admin.PostAsJsonAsync("/api/v1/promotions", new
        {
            promotionId = id, name = id, startsAt = now.AddMinutes(-1), endsAt = now.AddDays(1), categories, skus, discountRate, amountOff,
        })).Json(HttpStatusCode.Created);
    }

    private async Task<JsonObject> SetMemberPrices(params object[] prices) =>
        await (await _app.Admin.PutAsJsonAsync("/api/v1/member-prices", new { prices })).Json(HttpStatusCode.OK);

    private static T[] Lines<T>(JsonObject receipt, Func<JsonNode, T> pick) => receipt["lines"]!.AsArray().Select(l => pick(l!)).ToArray();

    [Fact]
    public async Task Member_prices_and_a_price_promotion_make_the_promotion_discount_real_in_quote_and_checkout_and_a_refund_gives_back_the_line()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var list = await SetMemberPrices(
            new { tier = "regular", sku = "MILK", unitPrice = 8.00m },
            new { tier = "regular", category = "dairy", discountRate = 0.10m });
        Assert.Equal(1, list.Long("version"));
        await PricePromotion("BREAD-20", discountRate: 0.20m, categories: ["bakery"]);

        // Regular 5%, each line the better of 5% and its price offer:
        //   MILK 2 × 10.00 = 20.00: member price 2 × 8.00 = 16.00 → 4.00 off (5% = 1.00), net 16.00
        //   YOGURT 30.00 dairy: category 10% = 3.00 (5% = 1.50), net 27.00
        //   BREAD 50.00: promotion 20% = 10.00 (5% = 2.50), net 40.00
        //   RICE 40.00: no offer, 5% = 2.00, net 38.00
        // Subtotal 140.00, member 2.00, promotion 17.00, due 121.00, points 16 + 27 + 40 + 38 = 121.
        var body = Basket("pp-1", card, Line("MILK", 2, 10m, "dairy"), Line("YOGURT", 1, 30m, "dairy"), Line("BREAD", 1, 50m, "bakery"), Line("RICE", 1, 40m));
        var quote = await (await _app.Clerk.PostAsJsonAsync("/api/v1/checkouts/quote", body)).Json(HttpStatusCode.OK);
        var receipt = await _app.Clerk.CheckoutOk(body);

        foreach (var r in new[] { quote, receipt })
        {
            Assert.Equal(140.00m, r.Dec("subtotal"));
            Assert.Equal(2.00m, r.Dec("memberDiscount"));
            Assert.Equal(17.00m, r.Dec("promotionDiscount"));
            Assert.Equal(121.00m, r.Dec("amountDue"));
            Assert.Equal(121, r.Long("pointsEarned"));
            Assert.Equal([0m, 0m, 0m, 2.00m], Lines(r, l => l.Dec("discount")));
            Assert.Equal([4.00m, 3.00m, 10.00m, 0m], Lines(r, l => l.Dec("promotionDiscount")));
            Assert.Equal(["member-price", "member-price", "BREAD-20", "-"], Lines(r, l => l["priceOffer"]?.GetValue<string>() ?? "-"));
        }

        // The bread paid 40.00 of the 121.00 and earned 40 points: its refund gives back exactly that.
        var refund = await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/pp-1/refunds",
            new { refundId = "pp-1-r", lines = new[] { new { sku = "BREAD", quantity = 1 } } })).Json(HttpStatusCode.OK);
        Assert.Equal(40.00m, refund.Dec("amountRefunded"));
        Assert.Equal(40, refund.Long("pointsReversed"));
        Assert.Equal(81, (await _app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task Stacked_offers_take_the_member_rate_on_the_rest_and_the_floor_cuts_the_member_discount_first()
    {
        await _app.ChangeProgram(new { promotionsStackWithMemberDiscount = true, priceFloorRate = 0.78m });
        await PricePromotion("TV-20", discountRate: 0.20m, skus: ["TV"]);
        var (_, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

        // TV 100.00: 20.00 off, then 5% of 80.00 = 4.00; together 24.00 but the floor (78%) allows 22.00: member 2.00.
        // RADIO 100.00 (not on the promotion): 5.00. Due 200 − 7.00 − 20.00 = 173.00, 173 points.
        var receipt = await _app.Clerk.CheckoutOk(Basket("st-1", card, Line("TV", 1, 100m, "electronics"), Line("RADIO", 1, 100m, "electronics")));

        Assert.Equal(7.00m, receipt.Dec("memberDiscount"));
        Assert.Equal(20.00m, receipt.Dec("promotionDiscount"));
        Assert.Equal(173.00m, receipt.Dec("amountDue"));
        Assert.Equal(173, receipt.Long("pointsEarned"));
        Assert.Equal([2.00m, 5.00m], Lines(receipt, l => l.Dec("discount")));
    }

    [Fact]
    public async Task A_coupon_that_does_not_stack_drops_the_member_discount_and_no_stacking_refuses_coupon_with_points()
    {
        await (await _app.Admin.PostAsJsonAsync("/api/v1/coupon-templates",
            new { templateId = "TEN-OFF-100", name = "10 off 100", kind = "amountOff", amount = 10m, minSpend = 100m, validDays = 30 })).Json(HttpStatusCode.Created);
        await _app.ChangeProgram(new { couponsStackWithMemberDiscount = false });
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/coupons", new { templateId = "TEN-OFF-100", couponCode = "C-1" })).Json(HttpStatusCode.Created);

        // Without the 5% the basket is 100.00, so the coupon's minimum is met: 100.00 − 10.00 = 90.00, 90 points.
        var receipt = await _app.Clerk.CheckoutOk(new { checkoutId = "ns-1", storeId = "S001", cardNumber = card, couponCode = "C-1", lines = new[] { Line("RICE", 1, 100m) } });
        Assert.Equal(0m, receipt.Dec("memberDiscount"));
        Assert.Equal(10.00m, receipt.Dec("couponDiscount"));
        Assert.Equal(90.00m, receipt.Dec("amountDue"));
        Assert.Equal(90, receipt.Long("pointsEarned"));

        await _app.ChangeProgram(new { noStacking = true });
        await (await _app.Manager.PostAsJsonAsync($"/api/v1/members/{memberId}/coupons", new { templateId = "TEN-OFF-100", couponCode = "C-2" })).Json(HttpStatusCode.Created);
        await (await _app.Clerk.Checkout(new { checkoutId = "ns-2", storeId = "S001", cardNumber = card, couponCode = "C-2", redeemPoints = 100, lines = new[] { Line("RICE", 1, 300m) } }))
            .Problem(HttpStatusCode.Conflict, "stacking_forbidden");
        Assert.Equal(90, (await _app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task Bad_promotions_and_member_prices_are_refused_with_the_field_and_only_admins_change_member_prices()
    {
        var now = _app.Time.GetUtcNow();
        async Task Refused(object body, string field)
        {
            var problem = await (await _app.Admin.PostAsJsonAsync("/api/v1/promotions", body)).Problem(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
        }
        await Refused(new { promotionId = "X1", name = "x", startsAt = now, endsAt = now.AddDays(1), pointsMultiplier = 2m, discountRate = 0.1m }, "pointsMultiplier");
        await Refused(new { promotionId = "X2", name = "x", startsAt = now, endsAt = now.AddDays(1), discountRate = 1.5m }, "discountRate");
        await Refused(new { promotionId = "X3", name = "x", startsAt = now, endsAt = now.AddDays(1), amountOff = 0m }, "amountOff");
        await Refused(new { promotionId = "X4", name = "x", startsAt = now, endsAt = now.AddDays(1), discountRate = 0.1m, pointsBudget = 100 }, "pointsBudget");

        var bad = await (await _app.Admin.PutAsJsonAsync("/api/v1/member-prices", new { prices = new object[]
        {
            new { tier = "bronze", sku = "A", unitPrice = 1m },
            new { tier = "gold", category = "dairy", unitPrice = 1m, discountRate = 0.1m },
            new { tier = "gold", sku = "B", unitPrice = 2m },
            new { tier = "gold", sku = "B", unitPrice = 3m },
        } })).Problem(HttpStatusCode.BadRequest, "validation");
        var errors = bad["errors"]!.AsObject();
        Assert.Equal(["prices[0].tier", "prices[1].unitPrice", "prices[3]"], errors.Select(e => e.Key).Order().ToArray());

        await (await _app.Manager.PutAsJsonAsync("/api/v1/member-prices", new { prices = Array.Empty<object>() })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var list = await (await _app.Manager.GetAsync("/api/v1/member-prices")).Json(HttpStatusCode.OK);
        Assert.Equal(0, list.Long("version"));
        Assert.Empty(list["prices"]!.AsArray());
    }
}
