using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Double-points promotions at checkout: store and category windows, the better of promotion or discount, budgets.</summary>
public sealed class PromotionCheckoutTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task Promote(string id, decimal multiplier, long? pointsBudget = null, string[]? categories = null, string[]? storeIds = null)
    {
        var now = _app.Time.GetUtcNow();
        await (await _app.Admin.PostAsJsonAsync("/api/v1/promotions", new
        {
            promotionId = id, name = id, startsAt = now.AddMinutes(-1), endsAt = now.AddDays(1), storeIds, categories, pointsMultiplier = multiplier, pointsBudget,
        })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Double_points_in_one_category_replace_the_discount_on_those_lines_only_and_do_not_stack()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await Promote("DAIRY-2X", 2m, categories: ["dairy"]);
        await Promote("DAIRY-3X", 3m, categories: ["dairy"], storeIds: ["S002"]);   // another store: not here

        // Milk 100 (dairy): promotion (no discount, 100 × 2 = 200 points) beats 5% (5.00 vs 105 extra points = 10.50).
        // Bread 100 (bakery): 5% discount, 95 points.
        var receipt = await _app.Clerk.CheckoutOk(Basket("promo-1", card, Line("MILK", 1, 100m, "dairy"), Line("BREAD", 1, 100m, "bakery")));

        Assert.Equal(5.00m, receipt.Dec("memberDiscount"));
        Assert.Equal(195.00m, receipt.Dec("amountDue"));
        Assert.Equal(295, receipt.Long("pointsEarned"));
        Assert.Equal([200L, 95L], receipt["lines"]!.AsArray().Select(l => l!.Long("pointsEarned")));
        Assert.Equal("DAIRY-2X", receipt.Str("appliedPromotionId"));
    }

    [Fact]
    public async Task A_promotion_stops_multiplying_when_its_points_budget_is_spent()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await Promote("BUDGET-2X", 2m, pointsBudget: 150);

        // Each 100.00 line: 200 points with the promotion, of which 100 are the promotion's extra.
        var first = await _app.Clerk.CheckoutOk(Basket("b-1", card, Line("A", 1, 100m)));
        var second = await _app.Clerk.CheckoutOk(Basket("b-2", card, Line("A", 1, 100m)));   // only 50 of the budget left
        var third = await _app.Clerk.CheckoutOk(Basket("b-3", card, Line("A", 1, 100m)));    // none left

        Assert.Equal(200, first.Long("pointsEarned"));
        Assert.Equal(150, second.Long("pointsEarned"));
        Assert.Equal(100, third.Long("pointsEarned"));
        Assert.Equal(450, (await _app.Clerk.Member(memberId)).Available());
        var budget = await (await _app.Admin.GetAsync("/api/v1/promotions/BUDGET-2X/budget")).Json(HttpStatusCode.OK);
        Assert.Equal(150, budget.Long("used"));
    }
}
