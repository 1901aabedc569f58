using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Stored value (储值): bonus bands, paid money spent before bonus, never negative, replacement moves both.</summary>
public sealed class StoredValueTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<JsonObjectResult> TopUp(string card, string id, decimal amount) =>
        new(await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = id, amount })).Json(HttpStatusCode.OK));

    public sealed record JsonObjectResult(System.Text.Json.Nodes.JsonObject Card)
    {
        public decimal Paid => Card["storedValue"]!.Dec("paid");

        public decimal Bonus => Card["storedValue"]!.Dec("bonus");
    }

    [Theory]
    [InlineData(100, 0)]        // below 500: no bonus
    [InlineData(500, 25)]       // ≥ 500: +5%
    [InlineData(999.99, 50)]    // 5% of 999.99 = 49.9995 → 50.00
    [InlineData(1000, 100)]     // ≥ 1,000: +10%
    public async Task A_top_up_adds_the_bonus_of_its_band(decimal amount, decimal bonus)
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        var result = await TopUp(card, "t1", amount);

        Assert.Equal(amount, result.Paid);
        Assert.Equal(bonus, result.Bonus);
    }

    [Fact]
    public async Task Paying_with_stored_value_spends_paid_money_first_and_counts_as_money_for_points()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01", type: "storedValue");
        await TopUp(card, "t1", 500m);          // paid 500, bonus 25
        await TopUp(card, "t1", 500m);          // the same top-up id again: once

        // 600 − 5% = 570 due; 520 from stored value: 500 paid + 20 bonus; 50 left to pay; points on all 570.
        var receipt = await _app.Clerk.CheckoutOk(new { checkoutId = "sv-1", storeId = "S001", cardNumber = card, storedValueAmount = 520m, lines = new[] { Line("A", 1, 600m) } });

        Assert.Equal(520m, receipt.Dec("storedValueCharged"));
        Assert.Equal(50m, receipt.Dec("amountDue"));
        Assert.Equal(570, receipt.Long("pointsEarned"));
        var after = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(0m, after.Paid);
        Assert.Equal(5m, after.Bonus);
        Assert.Equal(570, (await _app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task Stored_value_never_goes_negative_and_a_refused_charge_changes_nothing()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(card, "t1", 100m);

        var response = await _app.Clerk.Checkout(new { checkoutId = "sv-2", storeId = "S001", cardNumber = card, storedValueAmount = 100.01m, lines = new[] { Line("A", 1, 200m) } });

        await response.Problem(HttpStatusCode.Conflict, "insufficient_stored_value");
        var card1 = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(100m, card1.Paid);
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Available());
    }

    [Fact]
    public async Task Concurrent_charges_on_one_card_never_overdraw_it()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(card, "t1", 100m);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _app.Clerk.Checkout(new { checkoutId = $"svc-{i}", storeId = "S001", cardNumber = card, storedValueAmount = 30m, lines = new[] { Line("A", 1, 40m) } })));

        Assert.Equal(3, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var after = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(10m, after.Paid);
    }

    [Fact]
    public async Task A_replacement_card_takes_over_paid_and_bonus_money()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(card, "t1", 1000m);    // paid 1,000 + bonus 100
        await _app.Clerk.PostAsync($"/api/v1/cards/{card}/lost", null);

        var replacement = new JsonObjectResult(await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/replace", new { })).Json(HttpStatusCode.OK));

        Assert.Equal(1000m, replacement.Paid);
        Assert.Equal(100m, replacement.Bonus);
        var old = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(0m, old.Paid + old.Bonus);
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "t2", amount = 10m })).Problem(HttpStatusCode.Conflict, "card_replaced");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100000.01)]
    [InlineData(10.001)]
    public async Task An_invalid_top_up_is_refused_and_changes_nothing(decimal amount)
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        var response = await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "bad", amount });

        await response.Problem(HttpStatusCode.BadRequest, "validation");
        var after = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(0m, after.Paid + after.Bonus);
    }

    [Fact]
    public async Task A_card_paid_checkout_repeated_after_many_others_answers_its_first_receipt_and_charges_once()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUp(card, "t1", 1000m);                       // 1,000 paid + 100 bonus = 1,100
        var first = Basket(card, "sv-old", 30m);
        var receipt = await _app.Clerk.CheckoutOk(first);     // 30 − 5% = 28.50 from the card: 1,071.50 left
        Assert.Equal(1071.50m, receipt.Dec("storedValueBalance"));
        // More checkouts than the member and the card keep in memory (32 operations, 200 charges).
        for (var i = 0; i < 210; i++)
        {
            await _app.Clerk.CheckoutOk(Basket(card, $"sv-{i}", 1m));   // 0.95 each: 199.50 in all
        }

        var repeat = await _app.Clerk.CheckoutOk(first);

        Assert.Equal(receipt.ToJsonString(), repeat.ToJsonString());      // the first receipt, its balance of then
        var after = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(1071.50m - 199.50m, after.Paid + after.Bonus);          // 872.00: charged once
        Assert.Equal(28, (await _app.Clerk.Member(memberId)).Available());   // 28.50 earns 28; 0.95 earns none
    }

    [Fact]
    public async Task A_repeated_top_up_answers_its_first_answer_and_another_amount_is_refused()
    {
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");
        var first = await TopUp(card, "t-first", 500m);       // 500 + 25 bonus
        for (var i = 0; i < 70; i++)
        {
            await TopUp(card, $"t-{i}", 10m);                 // more than the 64 ids the card keeps in memory
        }

        var repeat = await TopUp(card, "t-first", 500m);
        var mismatch = await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "t-first", amount = 50m });

        Assert.Equal(first.Card.ToJsonString(), repeat.Card.ToJsonString());   // the balance right after the first top-up
        await mismatch.Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        var after = new JsonObjectResult(await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK));
        Assert.Equal(500m + 700m, after.Paid);
        Assert.Equal(25m, after.Bonus);
    }

    private static object Basket(string card, string checkoutId, decimal price) =>
        new { checkoutId, storeId = "S001", cardNumber = card, storedValueAmount = price * 0.95m, lines = new[] { Line("A", 1, price) } };
}
