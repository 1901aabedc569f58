using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Grains;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Fees (issue 13.3): card fee and replacement fee charged and in the ledger; the replacement window; a found card.</summary>
public sealed class CardFeeTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>The card's ledger rows, newest first, as stored.</summary>
    private async Task<IReadOnlyList<LedgerRow>> CardLedger(string card) =>
        (await _app.Services.GetRequiredService<ILedgerStore>().ReadLedgerAsync(LedgerAccounts.Card(card), 50)).Select(e => e.Row).ToList();

    private async Task<JsonObject> Card(string card) => await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK);

    private async Task TopUp(string card, decimal amount, string id) =>
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = id, amount })).Json(HttpStatusCode.OK);

    [Fact]
    public async Task The_card_fee_is_paid_from_stored_value_or_recorded_as_paid_at_the_counter()
    {
        await _app.ChangeProgram(new { cardFee = 20m });
        var (memberId, wallet) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(wallet, 100m, "fee-t1");

        await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber = "7300000000000001", feePaidWith = "storedValue", feeCardNumber = wallet }))
            .Json(HttpStatusCode.Created);

        // 100 paid − 20 fee = 80 paid left; the fee row says so in the paying card's ledger.
        Assert.Equal(80m, (await Card(wallet))["storedValue"]!.Dec("paid"));
        var fee = (await CardLedger(wallet)).Single(e => e.Kind == "fee")!;
        Assert.Equal((-20m, 80m), (fee.StoredValueDelta, fee.StoredValueAfter));
        var issued = (await CardLedger("7300000000000001")).Single(e => e.Kind == "card-issue")!;
        Assert.Contains("\"feePaidWith\":\"storedValue\"", issued.DataJson);

        // At the counter (the default way): recorded with the issue, no stored value moves.
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber = "7300000000000002" })).Json(HttpStatusCode.Created);
        var counter = (await CardLedger("7300000000000002")).Single(e => e.Kind == "card-issue")!;
        Assert.Contains("\"fee\":20", counter.DataJson);
        Assert.Contains("\"feePaidWith\":\"counter\"", counter.DataJson);
        Assert.Equal(80m, (await Card(wallet))["storedValue"]!.Dec("paid"));
    }

    [Fact]
    public async Task A_card_fee_the_stored_value_cannot_pay_is_refused_and_no_card_is_issued()
    {
        await _app.ChangeProgram(new { cardFee = 20m });
        var (memberId, wallet) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(wallet, 10m, "fee-t2");

        await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, cardNumber = "7300000000000011", feePaidWith = "storedValue", feeCardNumber = wallet }))
            .Problem(HttpStatusCode.Conflict, "insufficient_stored_value");

        await (await _app.Clerk.GetAsync("/api/v1/cards/7300000000000011")).Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(10m, (await Card(wallet))["storedValue"]!.Dec("paid"));
        // The fee card must be given with storedValue, and only then.
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/cards", new { memberId, feeCardNumber = wallet })).Problem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_replacement_fee_from_stored_value_takes_paid_money_first_and_the_rest_moves_to_the_new_card()
    {
        await _app.ChangeProgram(new { cardReplacementFee = 30m });
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        // Top-up 500 → paid 500 + 5% bonus 25.
        await TopUp(card, 500m, "fee-t3");
        // A 500 basket, regular 5% off = 475 due, all from stored value: paid 500 − 475 = 25 left, bonus 25.
        var receipt = await _app.Clerk.CheckoutOk(new { checkoutId = "fee-c3", storeId = "S001", cardNumber = card, lines = new[] { Line("A", 1, 500m) }, storedValueAmount = 475m });
        Assert.Equal(475m, receipt.Dec("storedValueCharged"));
        await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null);

        var replacement = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { newCardNumber = "7300000000000021", feePaidWith = "storedValue" }))
            .Json(HttpStatusCode.OK);

        // Fee 30 = the 25 paid + 5 of the bonus: the new card holds paid 0, bonus 20.
        Assert.Equal((0m, 20m), (replacement["storedValue"]!.Dec("paid"), replacement["storedValue"]!.Dec("bonus")));
        var fee = (await CardLedger(card)).Single(e => e.Kind == "fee")!;
        Assert.Equal((-25m, -5m, 20m), (fee.StoredValueDelta, fee.BonusDelta, fee.StoredValueAfter));
    }

    [Fact]
    public async Task A_replacement_fee_the_card_cannot_pay_is_refused_and_the_card_stays_lost()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(card, 15m, "fee-t4");
        await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null);

        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { newCardNumber = "7300000000000031", feePaidWith = "storedValue" }))
            .Problem(HttpStatusCode.Conflict, "insufficient_stored_value");

        var old = await Card(card);
        Assert.Equal(("lost", 15m), (old.Str("status"), old["storedValue"]!.Dec("paid")));
        // Paid at the counter (the default), the default fee of 20 is recorded and the 15 moves over whole.
        var replacement = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { newCardNumber = "7300000000000031" })).Json(HttpStatusCode.OK);
        Assert.Equal(15m, replacement["storedValue"]!.Dec("paid"));
        var row = (await CardLedger(card)).Single(e => e.Kind == "card-replace-out")!;
        Assert.Contains("\"fee\":20", row.DataJson);
        Assert.Contains("\"feePaidWith\":\"counter\"", row.DataJson);
    }

    [Fact]
    public async Task With_a_seven_day_window_a_lost_card_is_replaced_up_to_seven_days_after_the_loss_report()
    {
        await _app.ChangeProgram(new { replacementWindowDays = 7 });
        var (_, inTime) = await _app.Clerk.MemberWithCard();
        var (_, late) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.PostAsync($"/api/v1/cards/{inTime}/lost", null);
        await _app.Clerk.PostAsync($"/api/v1/cards/{late}/lost", null);

        // Exactly 7 days after the report: still in the window.
        _app.Time.Advance(TimeSpan.FromDays(7));
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{inTime}/replace", new { })).Json(HttpStatusCode.OK);

        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{late}/replace", new { })).Problem(HttpStatusCode.Conflict, "replacement_window_closed");
        Assert.Equal("lost", (await Card(late)).Str("status"));
    }

    [Fact]
    public async Task A_loss_report_is_withdrawn_when_the_card_is_found_and_the_card_works_again()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null);

        var found = await (await _app.Clerk.PostAsync($"/api/v1/cards/{card}/found", null)).Json(HttpStatusCode.OK);

        Assert.Equal("active", found.Str("status"));
        Assert.Null(found["lostAt"]);
        Assert.Contains(await CardLedger(card), e => e.Kind == "card-found");
        // Regular tier 5%: 100 − 5 = 95 paid → 95 points.
        var receipt = await _app.Clerk.CheckoutOk(Basket("found-1", card, Line("A", 1, 100m)));
        Assert.Equal(95, receipt.Long("pointsEarned"));
        Assert.Equal(95, (await _app.Clerk.Member(memberId)).Available());

        var replacement = await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { })).Json(HttpStatusCode.OK);
        await (await _app.Clerk.PostAsync($"/api/v1/cards/{card}/found", null)).Problem(HttpStatusCode.Conflict, "card_replaced");
        Assert.Equal("active", (await Card(replacement.Str("cardNumber"))).Str("status"));
    }
}
