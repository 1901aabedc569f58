using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>The stored-value history of a card (储值明细): every change with its paid and bonus parts, newest first, paged.</summary>
public sealed class CardLedgerTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    public static async Task<JsonObject> CardLedger(HttpClient client, string card, string query = "") =>
        await (await client.GetAsync($"/api/v1/cards/{card}/ledger{query}")).Json(HttpStatusCode.OK);

    public static (string, string, decimal, decimal, decimal, decimal) Shape(JsonNode e) =>
        (e.Str("operationId"), e.Str("kind"), e.Dec("paid"), e.Dec("bonus"), e.Dec("amount"), e.Dec("balanceAfter"));

    [Fact]
    public async Task Top_up_charge_and_refund_are_listed_newest_first_with_paid_and_bonus_and_paged()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01", type: "storedValue");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "cl-t1", amount = 500m })).Json(HttpStatusCode.OK);
        // 600 − 5% = 570 due; 520 from stored value: the 500 paid first, then 20 of the 25 bonus.
        await _app.Clerk.CheckoutOk(new { checkoutId = "cl-1", storeId = "S001", cardNumber = card, storedValueAmount = 520m, lines = new[] { Line("A", 1, 600m) } });
        // The whole purchase comes back: the 520 return to the card, bonus first (20), the rest as paid money (500).
        var refund = await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/cl-1/refunds", new { refundId = "cl-rf" })).Json(HttpStatusCode.OK);
        Assert.Equal(520m, refund.Dec("storedValueRefunded"));

        var all = (await CardLedger(_app.Clerk, card))["entries"]!.AsArray();
        Assert.Equal(
            [("cl-rf", "refund", 500m, 20m, 520m, 525m), ("cl-1", "charge", -500m, -20m, -520m, 5m), ("cl-t1", "top-up", 500m, 25m, 525m, 525m)],
            all.Select(e => Shape(e!)));
        Assert.All(all, e => Assert.Equal("S001", e!.Str("storeId")));

        // Two a page: the issue row (no money) is skipped, so the second page holds the top-up alone and is the last.
        var first = await CardLedger(_app.Clerk, card, "?limit=2");
        Assert.Equal(["cl-rf", "cl-1"], first["entries"]!.AsArray().Select(e => e!.Str("operationId")));
        var second = await CardLedger(_app.Clerk, card, $"?limit=2&before={first.Long("nextBefore")}");
        Assert.Equal(["cl-t1"], second["entries"]!.AsArray().Select(e => e!.Str("operationId")));
        Assert.Null(second["nextBefore"]);

        // The member ledger shows the stored-value part of the checkout and of the refund (the split is on the card).
        var ledger = await _app.Clerk.Ledger(memberId);
        Assert.Equal(-520m, ledger.Single(e => e!.Str("operationId") == "cl-1")!.Dec("storedValueAmount"));
        Assert.Equal(520m, ledger.Single(e => e!.Str("operationId") == "cl-rf")!.Dec("storedValueAmount"));
        Assert.All(ledger.Where(e => e!.Str("kind") is not ("checkout" or "refund")), e => Assert.Equal(0m, e!.Dec("storedValueAmount")));
    }

    [Fact]
    public async Task A_replacement_with_its_fee_moves_the_money_on_both_cards_ledgers()
    {
        await _app.ChangeProgram(new { cardReplacementFee = 25m });
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "rp-t1", amount = 100m })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null)).Json(HttpStatusCode.OK);
        // Fee 25 from the 100 paid (no bonus below 500): 75 move to the new card; the loss report moves no money and is not listed.
        var replaced = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { newCardNumber = "7300000000000091", feePaidWith = "storedValue" })).Json(HttpStatusCode.OK);
        Assert.Equal(75m, replaced["storedValue"]!.Dec("paid"));

        var old = (await CardLedger(_app.Clerk, card))["entries"]!.AsArray();
        Assert.Equal(
            [("replace", "card-replace-out", -75m, 0m, -75m, 0m), ("replace-fee", "fee", -25m, 0m, -25m, 75m), ("rp-t1", "top-up", 100m, 0m, 100m, 100m)],
            old.Select(e => Shape(e!)));
        var fresh = (await CardLedger(_app.Clerk, "7300000000000091"))["entries"]!.AsArray();
        Assert.Equal([($"replace:{card}", "card-replace-in", 75m, 0m, 75m, 75m)], fresh.Select(e => Shape(e!)));
    }

    [Fact]
    public async Task The_card_ledger_is_read_at_the_owners_home_store_and_bad_requests_are_refused()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        await (await _app.Client(Keys.ClerkS002).GetAsync($"/api/v1/cards/{card}/ledger")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Client(Keys.ManagerS002).GetAsync($"/api/v1/cards/{card}/ledger")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await _app.Clerk.GetAsync("/api/v1/cards/NO-SUCH-CARD/ledger")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}/ledger?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}/ledger?limit=501")).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Empty((await CardLedger(_app.Admin, card))["entries"]!.AsArray());
        Assert.Empty((await CardLedger(_app.Manager, card))["entries"]!.AsArray());
    }
}
