using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Receipts for the default program, every number worked out by hand in the comments.</summary>
public sealed class CheckoutReceiptTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Gold_member_on_birthday_gets_the_birthday_discount_but_not_on_special_price_or_tobacco_lines()
    {
        var clerk = _app.Clerk;
        // Today is 2026-06-15 in Shanghai; the member was born on 15 June.
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-06-15");
        // Becoming gold: 12,000 at the regular birthday discount of 10% = 10,800 paid ≥ 10,000 (gold's one-purchase shortcut).
        var first = await clerk.CheckoutOk(Basket("gold-1", card, Line("TV", 1, 12_000m, "electronics")));
        Assert.Equal(1_200.00m, first.Dec("memberDiscount"));
        Assert.Equal(10_800, first.Long("pointsEarned"));
        Assert.Equal("regular", first.Str("tierBefore"));
        Assert.Equal("gold", first.Str("tierAfter"));

        var receipt = await clerk.CheckoutOk(Basket("gold-2", card,
            Line("RICE", 2, 50.00m),                        // gross 100.00, 20% birthday → 20.00, net 80.00
            Line("OIL", 1, 30.00m, specialPrice: true),     // gross 30.00, special price: no discount, no points
            Line("CIG", 1, 25.00m, "tobacco"),              // gross 25.00, excluded category: no discount, no points
            Line("TEA", 3, 19.90m)));                       // gross 59.70, 20% → 11.94, net 47.76

        Assert.Equal(214.70m, receipt.Dec("subtotal"));           // 100 + 30 + 25 + 59.70
        Assert.Equal(31.94m, receipt.Dec("memberDiscount"));      // 20.00 + 11.94
        Assert.Equal(0m, receipt.Dec("promotionDiscount"));
        Assert.Equal(0m, receipt.Dec("couponDiscount"));
        Assert.Equal(182.76m, receipt.Dec("amountDue"));          // 214.70 − 31.94
        Assert.Equal(255, receipt.Long("pointsEarned"));          // floor((80.00 + 47.76) × 2) = floor(255.52)
        Assert.Equal(10_800 + 255, receipt.Long("pointsBalance"));
        Assert.Equal("gold", receipt.Str("tierBefore"));
        Assert.Equal("gold", receipt.Str("tierAfter"));
        var lines = receipt["lines"]!.AsArray();
        Assert.Equal([20.00m, 0m, 0m, 11.94m], lines.Select(l => l!.Dec("discount")));
        Assert.Equal([160L, 0L, 0L, 95L], lines.Select(l => l!.Long("pointsEarned")));

        var member = await clerk.Member(memberId);
        Assert.Equal(11_055, member.Available());
        Assert.Equal("gold", member.Str("tier"));
        Assert.Equal(10_800m + 182.76m, member.Dec("qualifyingSpend"));
    }

    [Fact]
    public async Task The_checkout_that_crosses_a_threshold_shows_the_new_tier_and_its_rates_apply_from_the_next_purchase()
    {
        var clerk = _app.Clerk;
        var (_, card) = await clerk.MemberWithCard(birthday: "1990-01-01");

        // Regular: 1,100 − 5% (55.00) = 1,045.00 paid; 12-month spend 1,045 ≥ 1,000 → silver.
        var crossing = await clerk.CheckoutOk(Basket("up-1", card, Line("BIKE", 1, 1_100m, "sports")));
        Assert.Equal(55.00m, crossing.Dec("memberDiscount"));
        Assert.Equal(1_045, crossing.Long("pointsEarned"));
        Assert.Equal("regular", crossing.Str("tierBefore"));
        Assert.Equal("silver", crossing.Str("tierAfter"));

        // Silver now: 100 − 10% = 90 paid; 90 × 1.5 = 135 points.
        var next = await clerk.CheckoutOk(Basket("up-2", card, Line("BALL", 1, 100m, "sports")));
        Assert.Equal(10.00m, next.Dec("memberDiscount"));
        Assert.Equal(90.00m, next.Dec("amountDue"));
        Assert.Equal(135, next.Long("pointsEarned"));
        Assert.Equal(1_045 + 135, next.Long("pointsBalance"));
        Assert.Equal("silver", next.Str("tierBefore"));
    }

    [Fact]
    public async Task Spend_adds_up_over_twelve_months_to_an_upgrade_and_falls_out_of_the_window_after()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        // 600 − 5% = 570 paid each time: 570 after the first, 1,140 after the second (≥ 1,000 → silver).
        var first = await clerk.CheckoutOk(Basket("roll-1", card, Line("A", 1, 600m)));
        Assert.Equal("regular", first.Str("tierAfter"));
        _app.Time.Advance(TimeSpan.FromDays(190)); // 22 December: not the birthday
        var second = await clerk.CheckoutOk(Basket("roll-2", card, Line("A", 1, 600m)));
        Assert.Equal("silver", second.Str("tierAfter"));

        // A year after the first purchase only the second one is inside the rolling window.
        _app.Time.Advance(TimeSpan.FromDays(180));
        var member = await clerk.Member(memberId);
        Assert.Equal(570.00m, member.Dec("qualifyingSpend"));
        Assert.Equal("silver", member.Str("tier"));
    }

    [Fact]
    public async Task One_large_purchase_lifts_a_new_member_straight_to_gold()
    {
        var clerk = _app.Clerk;
        var (_, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        // 5,263.16 − 5% (263.158 → 263.16) = 5,000.00 paid: 12-month spend reaches gold's 5,000 in one checkout.
        var receipt = await clerk.CheckoutOk(Basket("big-1", card, Line("SOFA", 1, 5_263.16m, "furniture")));
        Assert.Equal(263.16m, receipt.Dec("memberDiscount"));
        Assert.Equal(5_000.00m, receipt.Dec("amountDue"));
        Assert.Equal(5_000, receipt.Long("pointsEarned"));
        Assert.Equal("gold", receipt.Str("tierAfter"));
        Assert.Equal("platinum", receipt["tierProgress"]!.Str("nextTier"));
        Assert.Equal(15_000.00m, receipt["tierProgress"]!.Dec("spendToNextTier"));
    }

    [Fact]
    public async Task A_quote_returns_the_receipt_a_checkout_would_give_and_changes_nothing()
    {
        var clerk = _app.Clerk;
        var (memberId, card) = await clerk.MemberWithCard(birthday: "1990-01-01");
        var body = Basket("quote-1", card, Line("A", 2, 10m), Line("B", 1, 5.50m));

        var quote = await (await clerk.PostAsJsonAsync("/api/v1/checkouts/quote", body)).Json(HttpStatusCode.OK);
        var before = await clerk.Member(memberId);
        var ledgerBefore = await clerk.Ledger(memberId);
        var receipt = await clerk.CheckoutOk(body);

        // 20 − 1.00 + 5.50 − 0.28 (5.50 × 5% = 0.275 → 0.28) = 24.22 paid → 24 points.
        Assert.Equal(24.22m, quote.Dec("amountDue"));
        Assert.Equal(24, quote.Long("pointsEarned"));
        Assert.Equal(0, before.Available());
        Assert.Single(ledgerBefore);
        Assert.Equal(quote.Dec("amountDue"), receipt.Dec("amountDue"));
        Assert.Equal(quote.Long("pointsBalance"), receipt.Long("pointsBalance"));
    }

    [Fact]
    public async Task A_member_without_the_card_is_found_by_phone_and_name_and_still_earns()
    {
        var clerk = _app.Clerk;
        var phone = NewPhone();
        var member = await clerk.RegisterMember("Zhao Lei", phone, "1990-01-01");

        var receipt = await clerk.CheckoutOk(new { checkoutId = "phone-1", storeId = "S001", phone, name = "zhao lei", lines = new[] { Line("A", 1, 100m) } });

        Assert.Equal(member.Str("memberId"), receipt.Str("memberId"));
        Assert.Equal(95, receipt.Long("pointsEarned"));
        Assert.Null(receipt["cardNumber"]);
    }
}
