using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Refunds (退货): proportional, idempotent, never more than bought, and no profit from abuse.</summary>
public sealed class RefundTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<HttpResponseMessage> Refund(string checkoutId, object body) =>
        _app.Manager.PostAsJsonAsync($"/api/v1/checkouts/{checkoutId}/refunds", body);

    [Fact]
    public async Task A_whole_refund_reverses_points_spend_and_tier()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        // 1,100 − 5% = 1,045 → silver, 1,045 points.
        await _app.Clerk.CheckoutOk(Basket("r-1", card, Line("BIKE", 1, 1_100m)));

        var refund = await (await Refund("r-1", new { refundId = "rf-1" })).Json(HttpStatusCode.OK);

        Assert.Equal(1_045, refund.Long("pointsReversed"));
        Assert.Equal(1_045m, refund.Dec("amountRefunded"));
        Assert.Equal(1_045m, refund.Dec("spendReversed"));
        Assert.Equal("silver", refund.Str("tierBefore"));
        Assert.Equal("regular", refund.Str("tierAfter"));
        var member = await _app.Clerk.Member(memberId);
        Assert.Equal(0, member.Available());
        Assert.Equal(0m, member.Dec("qualifyingSpend"));
        Assert.Equal("regular", member.Str("tier"));
    }

    [Fact]
    public async Task A_partial_refund_takes_back_the_share_of_the_returned_lines()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        // Lines: 3 × 20.00 (discount 3.00, net 57.00, 57 points) and 1 × 40.00 (discount 2.00, net 38.00, 38 points) = 95 points.
        await _app.Clerk.CheckoutOk(Basket("r-2", card, Line("CUP", 3, 20m), Line("POT", 1, 40m)));

        var first = await (await Refund("r-2", new { refundId = "rf-2a", lines = new[] { new { sku = "CUP", quantity = 1 } } })).Json(HttpStatusCode.OK);
        // One cup of three: floor(57 × 1/3) = 19 points; money 57.00 × 1/3 = 19.00.
        Assert.Equal(19, first.Long("pointsReversed"));
        Assert.Equal(19.00m, first.Dec("amountRefunded"));
        Assert.Equal(95 - 19, (await _app.Clerk.Member(memberId)).Available());

        var rest = await (await Refund("r-2", new { refundId = "rf-2b" })).Json(HttpStatusCode.OK);
        // Everything left: 95 − 19 = 76 points and 95.00 − 19.00 = 76.00.
        Assert.Equal(76, rest.Long("pointsReversed"));
        Assert.Equal(76.00m, rest.Dec("amountRefunded"));
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());

        await (await Refund("r-2", new { refundId = "rf-2c" })).Problem(HttpStatusCode.Conflict, "already_refunded");
    }

    [Fact]
    public async Task Refunding_more_than_was_bought_is_refused_and_a_repeated_refund_id_answers_once()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await _app.Clerk.CheckoutOk(Basket("r-3", card, Line("CUP", 2, 10m)));

        await (await Refund("r-3", new { refundId = "rf-3a", lines = new[] { new { sku = "CUP", quantity = 3 } } })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Refund("r-3", new { refundId = "rf-3a", lines = new[] { new { sku = "MUG", quantity = 1 } } })).Problem(HttpStatusCode.BadRequest, "validation");
        var once = await (await Refund("r-3", new { refundId = "rf-3b", lines = new[] { new { sku = "CUP", quantity = 1 } } })).Json(HttpStatusCode.OK);
        var again = await (await Refund("r-3", new { refundId = "rf-3b", lines = new[] { new { sku = "CUP", quantity = 1 } } })).Json(HttpStatusCode.OK);

        Assert.Equal(once.ToJsonString(), again.ToJsonString());
        Assert.Equal(19 - 9, (await _app.Clerk.Member(memberId)).Available());
        Assert.Single(await _app.Clerk.Ledger(memberId), e => e!.Str("kind") == "refund");
    }

    [Fact]
    public async Task Buy_earn_spend_the_points_then_refund_leaves_the_member_no_better_off()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        // Buy: 1,000 − 5% = 950 paid → 950 points.
        await _app.Clerk.CheckoutOk(Basket("abuse-1", card, Line("TV", 1, 1_000m)));
        // Spend 900 points (= 90 yuan) on a 200 purchase: 200 − 5% = 190, cap 95 ≥ 90; pay 100; 100 points earned... 
        // Points earn on money only: 190 − 90 = 100 → but the member is silver now (950 < 1,000: still regular) → 100 points.
        var spend = await _app.Clerk.CheckoutOk(new { checkoutId = "abuse-2", storeId = "S001", cardNumber = card, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } });
        Assert.Equal(90m, spend.Dec("pointsRedeemedValue"));
        Assert.Equal(100.00m, spend.Dec("amountDue"));
        Assert.Equal(100, spend.Long("pointsEarned"));
        Assert.Equal(950 - 900 + 100, spend.Long("pointsBalance"));

        // Refund the first purchase: 950 points must go back but only 150 are left → 800 become debt.
        var refund = await (await Refund("abuse-1", new { refundId = "abuse-rf" })).Json(HttpStatusCode.OK);
        Assert.Equal(950, refund.Long("pointsReversed"));
        Assert.Equal(0, refund.Long("pointsBalance"));
        Assert.Equal(800, refund.Long("pointsDebt"));

        // The next 500 points earned pay the debt first: the member ends exactly as if the TV had never been bought.
        var later = await _app.Clerk.CheckoutOk(Basket("abuse-3", card, Line("BOOK", 1, 1_000m)));
        Assert.Equal(950, later.Long("pointsEarned"));
        var member = await _app.Clerk.Member(memberId);
        Assert.Equal(150, member.Available());
        // Without the TV: 100 (watch) + 950 (book) earned − 900 redeemed = 150.
    }

    [Fact]
    public async Task A_refund_after_partial_redemption_returns_the_share_of_points_and_stored_value()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01", type: "storedValue");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "t1", amount = 100m })).Json(HttpStatusCode.OK);
        await _app.Clerk.CheckoutOk(Basket("pre", card, Line("A", 1, 300m)));      // 285 points
        // Two lines: 2 × 50 (net 95.00) and 1 × 100 (net 95.00) = 190 due; 200 points = 20 yuan; 50 stored value; 120 cash.
        var receipt = await _app.Clerk.CheckoutOk(new
        {
            checkoutId = "mix", storeId = "S001", cardNumber = card, redeemPoints = 200, storedValueAmount = 50m,
            lines = new[] { Line("A", 2, 50m), Line("B", 1, 100m) },
        });
        Assert.Equal(120.00m, receipt.Dec("amountDue"));
        Assert.Equal(170, receipt.Long("pointsEarned"));     // (190 − 20) × 1
        var balance = receipt.Long("pointsBalance");         // 285 − 200 + 170 = 255
        Assert.Equal(255, balance);

        // Return line B: half of the net (95 of 190): half of 200 redeemed points, half of 50 stored value, half of 120 cash.
        var refund = await (await Refund("mix", new { refundId = "mix-rf", lines = new[] { new { sku = "B", quantity = 1 } } })).Json(HttpStatusCode.OK);

        Assert.Equal(100, refund.Long("pointsReturned"));
        Assert.Equal(85, refund.Long("pointsReversed"));      // line B earned 85 of the 170
        Assert.Equal(25.00m, refund.Dec("storedValueRefunded"));
        Assert.Equal(60.00m, refund.Dec("amountRefunded"));
        Assert.Equal(255 + 100 - 85, (await _app.Clerk.Member(memberId)).Available());
        var cardAfter = await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK);
        Assert.Equal(75m, cardAfter["storedValue"]!.Dec("paid"));
    }

    [Fact]
    public async Task Clerks_cannot_refund_and_unknown_checkouts_are_not_found()
    {
        var (_, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("r-9", card, Line("A", 1, 10m)));

        await (await _app.Clerk.PostAsJsonAsync("/api/v1/checkouts/r-9/refunds", new { refundId = "x" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Refund("nope", new { refundId = "x" })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Client("dev-manager-S002").PostAsJsonAsync("/api/v1/checkouts/r-9/refunds", new { refundId = "x" })).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task With_the_cap_at_balance_policy_a_refund_takes_back_only_what_is_left()
    {
        await _app.ChangeProgram(new { refundPolicy = "capAtBalance" });
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await _app.Clerk.CheckoutOk(Basket("cap-1", card, Line("TV", 1, 1_000m)));                 // 950 points
        await _app.Clerk.CheckoutOk(new { checkoutId = "cap-2", storeId = "S001", cardNumber = card, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } });
        // 950 − 900 + 100 = 150 left.

        var refund = await (await Refund("cap-1", new { refundId = "cap-rf" })).Json(HttpStatusCode.OK);

        Assert.Equal(950, refund.Long("pointsReversed"));
        Assert.Equal(0, refund.Long("pointsDebt"));
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());
    }
}
