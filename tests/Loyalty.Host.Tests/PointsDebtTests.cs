using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Grains;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Points debt is visible: in the member view, and in the ledger when it is created and when credits pay it off.</summary>
public sealed class PointsDebtTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private static JsonNode Row(JsonArray ledger, string operationId) => ledger.Single(e => e!.Str("operationId") == operationId)!;

    [Fact]
    public async Task Debt_shows_in_the_member_view_and_its_creation_and_repayment_have_ledger_rows()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Long("pointsDebt"));
        // 1,000 − 5% = 950 → 950 points; then 900 of them pay 90 of a 200 purchase: 190 − 90 = 100 → 100 points; 150 left.
        await _app.Clerk.CheckoutOk(Basket("d-1", card, Line("TV", 1, 1_000m)));
        await _app.Clerk.CheckoutOk(new { checkoutId = "d-2", storeId = "S001", cardNumber = card, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } });

        // The TV comes back: 950 points are taken back, 150 from the balance, 800 were spent and become debt.
        await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/d-1/refunds", new { refundId = "d-rf" })).Json(HttpStatusCode.OK);
        var member = await _app.Clerk.Member(memberId);
        Assert.Equal((0L, 800L), (member.Available(), member.Long("pointsDebt")));
        var ledger = await _app.Clerk.Ledger(memberId);
        Assert.Equal(-150, Row(ledger, "d-rf").Long("pointsDelta"));
        var created = Row(ledger, "d-rf:debt");
        Assert.Equal(("points-debt", 0L, 800L, 800L, 0L), (created.Str("kind"), created.Long("pointsDelta"), created.Long("pointsDebtDelta"),
            created.Long("pointsDebtAfter"), created.Long("pointsAfter")));

        // An adjustment of +500 goes to the debt entirely: 300 owed, nothing reaches the balance.
        await (await _app.Admin.Adjust(memberId, "d-adj", 500)).Json(HttpStatusCode.OK);
        // A purchase of 1,000 earns 950: 300 pay the rest of the debt, 650 reach the balance.
        var receipt = await _app.Clerk.CheckoutOk(Basket("d-3", card, Line("BOOK", 1, 1_000m)));
        Assert.Equal(950, receipt.Long("pointsEarned"));

        member = await _app.Clerk.Member(memberId);
        Assert.Equal((650L, 0L), (member.Available(), member.Long("pointsDebt")));
        ledger = await _app.Clerk.Ledger(memberId);
        Assert.Equal(0, Row(ledger, "d-adj").Long("pointsDelta"));
        var partly = Row(ledger, "d-adj:debt");
        Assert.Equal(("debt-repayment", 0L, -500L, 300L), (partly.Str("kind"), partly.Long("pointsDelta"), partly.Long("pointsDebtDelta"), partly.Long("pointsDebtAfter")));
        Assert.Equal(650, Row(ledger, "d-3").Long("pointsDelta"));
        var paid = Row(ledger, "d-3:debt");
        Assert.Equal(("debt-repayment", -300L, 0L, 650L), (paid.Str("kind"), paid.Long("pointsDebtDelta"), paid.Long("pointsDebtAfter"), paid.Long("pointsAfter")));
        // Debt rows move no points: the points column still sums to the balance, and the debt rows to the debt.
        Assert.Equal(650, ledger.Sum(e => e!.Long("pointsDelta")));
        Assert.Equal(0, ledger.Sum(e => e!.Long("pointsDebtDelta")));
        Assert.Equal(3, ledger.Count(e => e!.Long("pointsDebtDelta") != 0));
    }

    [Fact]
    public async Task Credits_without_debt_write_no_debt_rows()
    {
        var (memberId, card) = await _app.Clerk.MemberWithCard();
        await _app.Clerk.CheckoutOk(Basket("n-1", card, Line("A", 1, 100m)));
        await (await _app.Admin.Adjust(memberId, "n-adj", 50)).Json(HttpStatusCode.OK);

        var ledger = await _app.Clerk.Ledger(memberId);
        Assert.DoesNotContain(ledger, e => e!.Str("kind") is "points-debt" or "debt-repayment");
        Assert.All(ledger, e => Assert.Equal(0, e!.Long("pointsDebtDelta")));
        Assert.Equal(0, (await _app.Clerk.Member(memberId)).Long("pointsDebt"));
    }

    [Fact]
    public async Task A_household_pool_in_debt_shows_it_in_its_view_and_its_ledger()
    {
        var (a, _) = await _app.Clerk.MemberWithCard();
        var (b, bCard) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var householdId = (await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = a, kind = "family" })).Json(HttpStatusCode.Created)).Str("householdId");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/households/{householdId}/members", new { memberId = b, canSpend = true })).Json(HttpStatusCode.OK);
        // The pool earns 950, B spends 900 of it (90 off a 200 purchase) and earns 100: 150 in the pool.
        await _app.Clerk.CheckoutOk(Basket("h-1", bCard, Line("TV", 1, 1_000m)));
        await _app.Clerk.CheckoutOk(new { checkoutId = "h-2", storeId = "S001", cardNumber = bCard, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } });

        // The TV's 950 points come back from the pool: 150 there, 800 owed by the pool.
        await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/h-1/refunds", new { refundId = "h-rf" })).Json(HttpStatusCode.OK);

        var household = await (await _app.Clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal((0L, 800L), (household["points"]!.Long("available"), household.Long("debt")));
        var ledger = (await _app.Services.GetRequiredService<ILedgerStore>().ReadLedgerAsync(LedgerAccounts.Household(householdId), 50)).Select(e => e.Row).ToList();
        var debt = ledger.Single(r => r.OperationId == "h-rf:debt");
        Assert.Equal(("points-debt", 0L, 0L), (debt.Kind, debt.PointsDelta, debt.PointsAfter));
        Assert.Contains("\"debtDelta\":800", debt.DataJson);
        Assert.Equal(0, ledger.Sum(r => r.PointsDelta));
        // The member owes nothing of their own: the pool took the points and holds the debt.
        Assert.Equal(0, (await _app.Clerk.Member(b)).Long("pointsDebt"));
    }

    [Fact]
    public async Task A_merge_moves_the_debt_to_the_survivor_and_both_ledgers_say_so()
    {
        var (duplicate, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var survivor = await _app.Clerk.NewMemberId();
        await _app.Clerk.CheckoutOk(Basket("m-1", card, Line("TV", 1, 1_000m)));                                                  // 950 points
        await _app.Clerk.CheckoutOk(new { checkoutId = "m-2", storeId = "S001", cardNumber = card, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } }); // 150
        await (await _app.Manager.PostAsJsonAsync("/api/v1/checkouts/m-1/refunds", new { refundId = "m-rf" })).Json(HttpStatusCode.OK);   // 800 owed

        var merged = await (await _app.Admin.Merge(survivor, duplicate, "m-merge")).Json(HttpStatusCode.OK);

        Assert.Equal(800, merged.Long("debtMoved"));
        Assert.Equal(800, (await _app.Admin.Member(survivor)).Long("pointsDebt"));
        Assert.Equal(0, (await _app.Admin.Member(duplicate)).Long("pointsDebt"));
        var moved = Row(await _app.Admin.Ledger(duplicate), "merge:m-merge:debt");
        Assert.Equal(("debt-moved", -800L, 0L), (moved.Str("kind"), moved.Long("pointsDebtDelta"), moved.Long("pointsDebtAfter")));
        var taken = Row(await _app.Admin.Ledger(survivor), "merge:m-merge:debt");
        Assert.Equal(("points-debt", 800L, 800L), (taken.Str("kind"), taken.Long("pointsDebtDelta"), taken.Long("pointsDebtAfter")));
    }
}
