using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Unit cards as points accounts (单位卡), points usable only in the issuing store, and the switch that forbids pooling.</summary>
public sealed class UnitCardAndStoreScopeTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    private static object At(string storeId, string checkoutId, string card, long redeemPoints, params object[] lines) =>
        new { checkoutId, storeId, cardNumber = card, redeemPoints, lines };

    [Fact]
    public async Task Points_pay_only_at_the_issuing_store_when_the_program_says_so()
    {
        var s002 = _app.Client(Keys.ClerkS002);
        var (memberId, card) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        Assert.Equal("S001", (await _app.Admin.Member(memberId)).Str("homeStoreId"));
        await _app.Grant(memberId, 1_000);

        // Default: points pay anywhere. 100 − 5% = 95.00; 100 points pay 10.00; 85.00 paid earns 85: 1,000 − 100 + 85 = 985.
        await s002.CheckoutOk(At("S002", "ss-1", card, 100, Line("RICE", 1, 100m)));
        Assert.Equal(985, (await _app.Admin.Member(memberId)).Available());

        await _app.ChangeProgram(new { pointsIssuingStoreOnly = true });
        var refused = await (await s002.Checkout(At("S002", "ss-2", card, 100, Line("RICE", 1, 100m)))).Problem(HttpStatusCode.Conflict, "points_store_only");
        Assert.Contains("S001", refused.Str("detail"));
        Assert.Equal(985, (await _app.Admin.Member(memberId)).Available());
        // Earning at another store is still fine (95 points), and paying with points at the home store too (−100 + 85).
        await s002.CheckoutOk(At("S002", "ss-3", card, 0, Line("RICE", 1, 100m)));
        await _app.Clerk.CheckoutOk(At("S001", "ss-4", card, 100, Line("RICE", 1, 100m)));
        Assert.Equal(985 + 95 - 100 + 85, (await _app.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task A_unit_account_earns_points_it_can_redeem_at_once_when_the_program_makes_it_a_points_account()
    {
        await _app.ChangeProgram(new { corporatePointsAccount = true, pendingDays = 1 });
        var (boss, _) = await _app.Clerk.MemberWithCard();
        var (employee, employeeCard) = await _app.Clerk.MemberWithCard();
        var unit = (await (await _app.Admin.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = boss, kind = "corporate", contractDiscountRate = 0.12m }))
            .Json(HttpStatusCode.Created)).Str("householdId");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/households/{unit}/members", new { memberId = employee })).Json(HttpStatusCode.OK);

        // 10 × 25.00 = 250.00, contract 12% = 30.00: 220.00 paid earns 220 (regular 1×), spendable at once despite pendingDays.
        var first = await _app.Clerk.CheckoutOk(Basket("unit-1", employeeCard, Line("PAPER", 10, 25m, "office")));
        Assert.Equal((30.00m, 220.00m, 220L), (first.Dec("memberDiscount"), first.Dec("amountDue"), first.Long("pointsEarned")));
        // Next purchase redeems 200 of them: 100.00 − 12.00 = 88.00; 200 points pay 20.00 (cap 44.00): 68.00 paid earns 68.
        var second = await _app.Clerk.CheckoutOk(new { checkoutId = "unit-2", storeId = "S001", cardNumber = employeeCard, redeemPoints = 200,
            lines = new[] { Line("INK", 1, 100m, "office") } });
        Assert.Equal((20.00m, 68.00m, 68L), (second.Dec("pointsRedeemedValue"), second.Dec("amountDue"), second.Long("pointsEarned")));
        var pool = await (await _app.Admin.GetAsync($"/api/v1/households/{unit}")).Json(HttpStatusCode.OK);
        Assert.Equal((220L - 200 + 68, 0L), (pool["points"]!.Long("available"), pool["points"]!.Long("pending")));

        // A member who is not a unit still waits the pending day: 100 − 5% = 95 pending.
        var (_, card) = await _app.Clerk.MemberWithCard();
        var regular = await _app.Clerk.CheckoutOk(Basket("unit-3", card, Line("RICE", 1, 100m)));
        Assert.Equal((95L, 0L), (regular.Long("pointsEarned"), regular.Long("pointsBalance")));
    }

    [Fact]
    public async Task With_pooling_forbidden_no_household_is_formed_or_joined()
    {
        var (a, _) = await _app.Clerk.MemberWithCard();
        var (b, _) = await _app.Clerk.MemberWithCard();
        var (c, _) = await _app.Clerk.MemberWithCard();
        var existing = (await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = a, kind = "couple" })).Json(HttpStatusCode.Created))
            .Str("householdId");

        await _app.ChangeProgram(new { householdPooling = false });
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = b, kind = "family" })).Problem(HttpStatusCode.Conflict, "pooling_disabled");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/households/{existing}/members", new { memberId = c })).Problem(HttpStatusCode.Conflict, "pooling_disabled");
        Assert.Null((await _app.Admin.Member(b))["householdId"]);
        Assert.Null((await _app.Admin.Member(c))["householdId"]);
        var household = await (await _app.Admin.GetAsync($"/api/v1/households/{existing}")).Json(HttpStatusCode.OK);
        Assert.Single(household["members"]!.AsArray());
    }
}

/// <summary>A couple card (情侣卡) pools onto a designated card.</summary>
public sealed class CoupleCardTests : IDisposable
{
    private readonly LoyaltyApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_couple_pools_onto_the_designated_card_whose_holder_spends_the_pool()
    {
        var (a, cardA) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (b, cardB) = await _app.Clerk.MemberWithCard(birthday: "1990-01-01");

        // B's card is designated: B becomes the primary without being named.
        var couple = await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { kind = "couple", poolCardNumber = cardB })).Json(HttpStatusCode.Created);
        Assert.Equal((b, cardB), (couple.Str("primaryMemberId"), couple.Str("poolCardNumber")));
        var householdId = couple.Str("householdId");
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/households/{householdId}/members", new { memberId = a })).Json(HttpStatusCode.OK);

        // A buys 200: 190.00 paid, 190 points into the pool on B's card.
        await _app.Clerk.CheckoutOk(Basket("cp-a-1", cardA, Line("RICE", 2, 100m)));
        // B, the designated card's holder, pays with 100 of them: 100 − 5% = 95.00, −10.00 = 85.00 paid, 85 points.
        await _app.Clerk.CheckoutOk(new { checkoutId = "cp-b-1", storeId = "S001", cardNumber = cardB, redeemPoints = 100,
            lines = new[] { Line("OIL", 1, 100m) } });
        var pool = await (await _app.Clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal(190 - 100 + 85, pool["points"]!.Long("available"));
        Assert.Equal(cardB, pool.Str("poolCardNumber"));
        Assert.Equal(175, (await _app.Clerk.Member(a))["household"]!.Long("poolAvailable"));

        // B loses the designated card and gets a new one (补卡): the pool lands on the new card, and its holder spends it.
        await _app.Clerk.PostAsync($"/api/v1/cards/{cardB}/lost", null);
        await (await _app.Clerk.PostAsJsonAsync($"/api/v1/cards/{cardB}/replace", new { newCardNumber = "9100000000000001" })).Json(HttpStatusCode.OK);
        pool = await (await _app.Clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal("9100000000000001", pool.Str("poolCardNumber"));
        await _app.Clerk.CheckoutOk(new { checkoutId = "cp-b-2", storeId = "S001", cardNumber = "9100000000000001", redeemPoints = 100,
            lines = new[] { Line("OIL", 1, 100m) } });
        pool = await (await _app.Clerk.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);
        Assert.Equal(175 - 100 + 85, pool["points"]!.Long("available"));
    }

    [Fact]
    public async Task A_couple_without_a_named_card_pools_onto_the_primarys_first_card_and_a_card_of_someone_else_is_refused()
    {
        var (a, cardA) = await _app.Clerk.MemberWithCard();
        var (b, cardB) = await _app.Clerk.MemberWithCard();
        var mismatch = await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = a, kind = "couple", poolCardNumber = cardB }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("poolCardNumber", mismatch["errors"]!.AsObject().Select(e => e.Key));
        await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { kind = "couple", poolCardNumber = "NO-SUCH-CARD" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Null((await _app.Admin.Member(a))["householdId"]);

        var couple = await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = a, kind = "couple" })).Json(HttpStatusCode.Created);
        Assert.Equal(cardA, couple.Str("poolCardNumber"));
        // A family names no card unless asked.
        var family = await (await _app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = b })).Json(HttpStatusCode.Created);
        Assert.Null(family["poolCardNumber"]);
    }
}
