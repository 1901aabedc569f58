using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Stored value and tiers through the API (issue 13 item 5); in-memory storage, clock at 2026-06-15.</summary>
public sealed class StoredValueTierTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<HttpResponseMessage> TopUp(string card, string id, decimal amount) =>
        _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = id, amount });

    private async Task<JsonObject> TopUpOk(string card, string id, decimal amount) => await (await TopUp(card, id, amount)).Json(HttpStatusCode.OK);

    private async Task<JsonObject> Card(string card) => await (await _app.Clerk.GetAsync($"/api/v1/cards/{card}")).Json(HttpStatusCode.OK);

    [Fact]
    public async Task The_cap_follows_the_bands_so_a_top_up_a_band_rewards_is_taken()
    {
        await _app.ChangeProgram(new
        {
            maxTopUpAmount = 500_000m,
            topUpBands = new[] { new { minAmount = 20_000m, bonusRate = 0.01m }, new { minAmount = 50_000m, bonusRate = 0.015m }, new { minAmount = 100_000m, bonusRate = 0.02m } },
        });
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        // 150,000 (refused before at 100,000) in the 100,000 band: 2% = 3,000.
        var topped = await TopUpOk(card, "big-1", 150_000m);
        Assert.Equal(150_000m, topped["storedValue"]!.Dec("paid"));
        Assert.Equal(3_000m, topped["storedValue"]!.Dec("bonus"));

        var refused = await (await TopUp(card, "big-2", 500_000.01m)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("amount", refused.ToJsonString());
        Assert.Equal(153_000m, (await Card(card))["storedValue"]!.Dec("paid") + (await Card(card))["storedValue"]!.Dec("bonus"));
    }

    [Fact]
    public async Task Fixed_denominations_refuse_other_amounts_with_a_clear_error_and_nothing_changed()
    {
        await _app.ChangeProgram(new { topUpDenominations = new[] { 100m, 200m, 500m } });
        var (_, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        var problem = await (await TopUp(card, "odd", 300m)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("Top-ups come in fixed amounts: 100, 200, 500 (topUpDenominations).", problem["errors"]!["amount"]!.ToJsonString());
        Assert.Equal(0m, (await Card(card))["storedValue"]!.Dec("paid"));

        await TopUpOk(card, "d-200", 200m);                                                 // below 500: no bonus
        var after = await TopUpOk(card, "d-500", 500m);                                     // +5% = 25
        Assert.Equal(700m, after["storedValue"]!.Dec("paid"));
        Assert.Equal(25m, after["storedValue"]!.Dec("bonus"));
    }

    [Fact]
    public async Task A_deposit_qualifies_a_tier_and_the_next_top_up_earns_the_new_tiers_band_and_voucher()
    {
        await (await _app.Admin.PostAsJsonAsync("/api/v1/coupon-templates",
            new { templateId = "SV-GOLD", name = "Gold top-up voucher", kind = "amountOff", amount = 50m, minSpend = 200m, validDays = 30 })).Json(HttpStatusCode.Created);
        await _app.ChangeProgram(new
        {
            depositTiers = new[] { new { minDeposit = 20_000m, tier = "gold" }, new { minDeposit = 50_000m, tier = "diamond" } },
            topUpBands = new object[]
            {
                new { minAmount = 500m, bonusRate = 0.05m },
                new { minAmount = 1_000m, bonusRate = 0.10m },
                new { minAmount = 1_000m, bonusRate = 0.12m, tier = "gold", couponTemplateId = "SV-GOLD" },
            },
        });
        var (memberId, card) = await _app.Clerk.MemberWithCard(type: "storedValue");

        // 20,000 as a regular member: the general 10% band (2,000), and the deposit makes gold at once.
        var first = await TopUpOk(card, "dep-1", 20_000m);
        Assert.Equal(2_000m, first["storedValue"]!.Dec("bonus"));
        Assert.Equal("gold", (await _app.Admin.Member(memberId)).Str("tier"));
        var tierRow = Assert.Single(await _app.Admin.Ledger(memberId), e => e!.Str("operationId") == "dep-1:tier")!;
        Assert.Contains("\"to\":\"gold\"", tierRow.Str("data"));

        // 1,000 as gold: gold's 12% band (120) and its voucher, once even when the top-up is repeated.
        await TopUpOk(card, "dep-2", 1_000m);
        var again = await TopUpOk(card, "dep-2", 1_000m);
        Assert.Equal(21_000m, again["storedValue"]!.Dec("paid"));
        Assert.Equal(2_120m, again["storedValue"]!.Dec("bonus"));
        var wallet = await (await _app.Clerk.GetAsync($"/api/v1/members/{memberId}/coupons")).Json(HttpStatusCode.OK);
        var voucher = Assert.Single(wallet["coupons"]!.AsArray())!;
        Assert.Equal("TOPUP-dep-2", voucher.Str("couponCode"));
        Assert.Equal("top-up", voucher.Str("source"));
        Assert.Equal("SV-GOLD", voucher.Str("templateId"));
    }

    [Fact]
    public async Task A_stored_balance_keeps_the_tier_at_review_and_spending_it_below_the_rule_lets_it_drop()
    {
        await _app.ChangeProgram(new
        {
            depositTiers = new[] { new { minDeposit = 20_000m, tier = "gold" } },
            balanceTiers = new[] { new { minBalance = 20_000m, tier = "gold" } },
        });
        var (keeper, keeperCard) = await _app.Clerk.MemberWithCard(type: "storedValue");
        var (spender, spenderCard) = await _app.Clerk.MemberWithCard(type: "storedValue");
        await TopUpOk(keeperCard, "k-1", 20_000m);                                          // 20,000 + 2,000 bonus, gold
        await TopUpOk(spenderCard, "s-1", 20_000m);                                         // the same
        // The spender pays 6,000 − 15% = 5,100 from the card: 22,000 − 5,100 = 16,900 left.
        var receipt = await _app.Clerk.CheckoutOk(new { checkoutId = "s-co", storeId = "S001", cardNumber = spenderCard, storedValueAmount = 5_100m, lines = new[] { Line("TV", 1, 6_000m) } });
        Assert.Equal(16_900m, receipt.Dec("storedValueBalance"));

        await _app.RunJobsAt("2027-06-15 00:00");
        // Neither spent anything in the 12 months to 2027-06-15 (the 2026-06-15 purchase is outside the window).
        Assert.Equal("gold", (await _app.Admin.Member(keeper)).Str("tier"));               // 22,000 on the card keeps gold
        Assert.Equal("silver", (await _app.Admin.Member(spender)).Str("tier"));            // 16,900 does not
        Assert.DoesNotContain(await _app.Admin.Ledger(keeper), e => e!.Str("operationId") == "tier-review:2027-06-15");
    }

    [Fact]
    public async Task Bad_stored_value_settings_are_refused()
    {
        var current = (await _app.Admin.GetFromJsonAsync<JsonObject>("/api/v1/program"))!;
        var response = await _app.Admin.PutAsJsonAsync("/api/v1/program", new
        {
            version = current["version"]!.GetValue<int>(),
            topUpBands = new[] { new { minAmount = 200_000m, bonusRate = 0.02m } },
            depositTiers = new[] { new { minDeposit = 20_000m, tier = "bronze" } },
        });
        var problem = (await response.Problem(HttpStatusCode.BadRequest, "validation")).ToJsonString();
        Assert.Contains("topUpBands[0].minAmount", problem);
        Assert.Contains("depositTiers[0].tier", problem);
    }
}
