using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Npgsql;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Households pool points (家庭主辅卡): never overdrawn, limits hold, attribution and leaving rules exact.</summary>
public sealed class HouseholdTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    private static async Task<JsonObject> Create(HttpClient client, string primary, string kind = "family") =>
        await (await client.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = primary, kind })).Json(HttpStatusCode.Created);

    private static async Task<JsonObject> Add(HttpClient client, string householdId, string memberId, bool canSpend = true, long? dailySpendLimit = null) =>
        await (await client.PostAsJsonAsync($"/api/v1/households/{householdId}/members", new { memberId, canSpend, dailySpendLimit })).Json(HttpStatusCode.OK);

    private static async Task<JsonObject> Household(HttpClient client, string householdId) =>
        await (await client.GetAsync($"/api/v1/households/{householdId}")).Json(HttpStatusCode.OK);

    private static long Pool(JsonObject household) => household["points"]!.Long("available");

    private static JsonObject Entry(JsonObject household, string memberId) =>
        household["members"]!.AsArray().Single(m => m!.Str("memberId") == memberId)!.AsObject();

    private static object Redeem(string id, string card, long points) =>
        new { checkoutId = id, storeId = "S001", cardNumber = card, redeemPoints = points, lines = new[] { Line("GIFT", 1, 100m, specialPrice: true) } };

    [Fact]
    public async Task Two_hundred_parallel_redemptions_from_five_cards_never_overdraw_the_pool()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var members = new List<(string Id, string Card)>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await app.Clerk.MemberWithCard(birthday: "1990-01-01"));
        }
        var householdId = (await Create(app.Clerk, members[0].Id)).Str("householdId");
        foreach (var secondary in members.Skip(1))
        {
            await Add(app.Clerk, householdId, secondary.Id, dailySpendLimit: 1_000);
        }
        // Funding: 6,315.79 − 5% (315.79) = 6,000.00 paid → 6,000 points into the pool.
        var funding = await app.Clerk.CheckoutOk(Basket("fund", members[0].Card, Line("TV", 1, 6_315.79m)));
        Assert.Equal(6_000, funding.Long("pointsBalance"));

        // 40 attempts per card, 100 points each on a special-price line (earns nothing). Secondaries may spend
        // 1,000 a day (10 checkouts); the primary is unlimited; the pool covers exactly 60.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            using var http = app.Clerk;
            var (id, card) = members[i % 5];
            var response = await http.Checkout(Redeem($"hh-{i}", card, 100));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return (Member: id, response.StatusCode, Code: body["code"]?.GetValue<string>());
        })));

        var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(60, ok.Count);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK),
            r => Assert.Contains(r.Code, new[] { "insufficient_points", "household_limit" }));
        Assert.All(members.Skip(1), m => Assert.True(ok.Count(r => r.Member == m.Id) <= 10));
        var household = await Household(app.Admin, householdId);
        Assert.Equal(0, Pool(household));
        Assert.Equal(6_000, household["members"]!.AsArray().Sum(m => m!.Long("spent")));
        foreach (var (id, _) in members)
        {
            Assert.Equal(ok.Count(r => r.Member == id) * 100L, Entry(household, id).Long("spent"));
        }

        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var reconcile = new NpgsqlCommand("""
            SELECT g.points, (SELECT sum(points_delta) FROM ledger WHERE account = 'household:' || g.grain_key),
                   (SELECT count(*) FROM ledger WHERE account = 'household:' || g.grain_key AND kind = 'checkout' AND points_delta = -100)
            FROM grain_state g WHERE g.grain_type = 'household'
            """, connection);
        await using var reader = await reconcile.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.Equal(0m, reader.GetDecimal(1));
        Assert.Equal(60L, reader.GetInt64(2));
        await reader.DisposeAsync();

        // Guarantee 8 inside one grain: the pool's many operations were committed in far fewer writes.
        await using var versions = new NpgsqlCommand("""
            SELECT g.version, (SELECT count(*) FROM ledger WHERE account = 'household:' || g.grain_key)
            FROM grain_state g WHERE g.grain_type = 'household'
            """, connection);
        await using var counts = await versions.ExecuteReaderAsync();
        Assert.True(await counts.ReadAsync());
        Assert.True(counts.GetInt64(0) < counts.GetInt64(1), $"{counts.GetInt64(0)} commits for {counts.GetInt64(1)} pool operations");
    }

    [Fact]
    public async Task A_barred_member_is_refused_and_daily_limits_hold_under_concurrency()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var (primary, primaryCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (barred, barredCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (limited, limitedCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var householdId = (await Create(app.Clerk, primary)).Str("householdId");
        await Add(app.Clerk, householdId, barred, canSpend: false);
        await Add(app.Clerk, householdId, limited, dailySpendLimit: 300);
        await app.Clerk.CheckoutOk(Basket("fund", primaryCard, Line("A", 1, 2_000m)));       // 1,900 points

        await (await app.Clerk.Checkout(Redeem("barred-1", barredCard, 100))).Problem(HttpStatusCode.Conflict, "household_limit");
        var limitedResults = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => app.Clerk.Checkout(Redeem($"lim-{i}", limitedCard, 100))));

        Assert.Equal(3, limitedResults.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, limitedResults.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1_900 - 300, Pool(await Household(app.Admin, householdId)));

        // The next day the limit starts again.
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.Clerk.CheckoutOk(Redeem("lim-next", limitedCard, 100));
        var household = await Household(app.Admin, householdId);
        Assert.Equal(1_900 - 400, Pool(household));
        Assert.Equal(100, Entry(household, limited).Long("spentToday"));
    }

    [Fact]
    public async Task Join_earn_spend_leave_and_refund_move_exact_points_and_survive_restarts()
    {
        string a, aCard, b, bCard, householdId;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            (a, aCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            (b, bCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            await app.Clerk.CheckoutOk(Basket("a-own", aCard, Line("A", 1, 200m)));        // A: 190 own points
            await app.Clerk.CheckoutOk(Basket("b-own", bCard, Line("A", 1, 100m)));        // B: 95 own points
            householdId = (await Create(app.Clerk, a)).Str("householdId");                // pool 190 (A earned 190)
            var joined = await Add(app.Clerk, householdId, b);                             // pool 285 (B earned 95)
            Assert.Equal(285, Pool(joined));
            Assert.Equal(0, (await app.Clerk.Member(b)).Available());
        }
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            var earn = await app.Clerk.CheckoutOk(Basket("b-hh", bCard, Line("A", 1, 200m)));   // +190 → 475 (B earned 285)
            Assert.Equal(475, earn.Long("pointsBalance"));
            var spend = await app.Clerk.CheckoutOk(Redeem("b-spend", bCard, 100));                 // −100 → 375 (B spent 100)
            Assert.Equal(375, spend.Long("pointsBalance"));
            var member = await app.Clerk.Member(b);
            Assert.Equal(householdId, member["household"]!.Str("householdId"));
            Assert.Equal(375, member["household"]!.Long("poolAvailable"));
            var household = await Household(app.Admin, householdId);
            Assert.Equal(285, Entry(household, b).Long("earned"));
            Assert.Equal(100, Entry(household, b).Long("spent"));
        }
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            // B leaves with what B earned and did not spend: 285 − 100 = 185; the pool keeps 190.
            var left = await (await app.Clerk.DeleteAsync($"/api/v1/households/{householdId}/members/{b}")).Json(HttpStatusCode.OK);
            Assert.Equal(190, Pool(left));
            Assert.Equal(185, (await app.Clerk.Member(b)).Available());
            Assert.Null((await app.Clerk.Member(b))["householdId"]?.GetValue<string>());
        }
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            // Refunding B's household checkout settles with the pool (where its 190 points went), not with B.
            var refund = await (await app.Manager.PostAsJsonAsync("/api/v1/checkouts/b-hh/refunds", new { refundId = "b-hh-rf" })).Json(HttpStatusCode.OK);
            Assert.Equal(190, refund.Long("pointsReversed"));
            Assert.Equal(0, Pool(await Household(app.Admin, householdId)));
            Assert.Equal(185, (await app.Clerk.Member(b)).Available());

            // Dissolving: the primary takes what is left (nothing here) and the household is closed.
            var dissolved = await (await app.Clerk.PostAsync($"/api/v1/households/{householdId}/dissolve", null)).Json(HttpStatusCode.OK);
            Assert.True(dissolved["dissolved"]!.GetValue<bool>());
            Assert.Null((await app.Clerk.Member(a))["householdId"]?.GetValue<string>());
        }
    }

    [Fact]
    public async Task Bad_household_requests_are_refused_and_change_nothing()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var (a, _) = await app.Clerk.MemberWithCard();
        var (b, _) = await app.Clerk.MemberWithCard();
        var (c, _) = await app.Clerk.MemberWithCard();
        var (frozen, _) = await app.Clerk.MemberWithCard();
        await app.Manager.PostAsJsonAsync($"/api/v1/members/{frozen}/status", new { status = "frozen", reason = "check" });
        var first = (await Create(app.Clerk, a)).Str("householdId");
        var second = (await Create(app.Clerk, c)).Str("householdId");
        await Add(app.Clerk, first, b);

        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{first}/members", new { memberId = b })).Problem(HttpStatusCode.Conflict, "already_in_household");
        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{second}/members", new { memberId = b })).Problem(HttpStatusCode.Conflict, "already_in_household");
        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{first}/members", new { memberId = frozen })).Problem(HttpStatusCode.Conflict, "member_frozen");
        await (await app.Clerk.DeleteAsync($"/api/v1/households/{first}/members/{a}")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await app.Clerk.PostAsJsonAsync("/api/v1/households/HNOPE/members", new { memberId = c })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{first}/members", new { memberId = "MNOPE" })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await app.Clerk.GetAsync("/api/v1/households/HNOPE")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = b })).Problem(HttpStatusCode.Conflict, "already_in_household");
        await (await app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = a, kind = "tribe" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{first}/members", new { memberId = c, dailySpendLimit = -1 })).Problem(HttpStatusCode.BadRequest, "validation");

        var household = await Household(app.Admin, first);
        Assert.Equal([a, b], household["members"]!.AsArray().Select(m => m!.Str("memberId")));
        Assert.Equal(first, (await app.Clerk.Member(b)).Str("householdId"));
    }

    [Fact]
    public async Task A_couple_card_holds_two_and_a_corporate_account_pools_spending_with_the_contract_discount_and_no_points()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var (a, _) = await app.Clerk.MemberWithCard();
        var (b, _) = await app.Clerk.MemberWithCard();
        var (c, _) = await app.Clerk.MemberWithCard();
        var couple = (await Create(app.Clerk, a, "couple")).Str("householdId");
        await Add(app.Clerk, couple, b);
        await (await app.Clerk.PostAsJsonAsync($"/api/v1/households/{couple}/members", new { memberId = c })).Problem(HttpStatusCode.Conflict, "household_limit");

        var (boss, _) = await app.Clerk.MemberWithCard();
        var (employee, employeeCard) = await app.Clerk.MemberWithCard();
        await (await app.Clerk.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = boss, kind = "corporate", contractDiscountRate = 0.12m }))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        var corporate = await (await app.Admin.PostAsJsonAsync("/api/v1/households", new { primaryMemberId = boss, kind = "corporate", contractDiscountRate = 0.12m }))
            .Json(HttpStatusCode.Created);
        await Add(app.Clerk, corporate.Str("householdId"), employee);

        // Contract discount 12% instead of the tier's 5%; no points.
        var receipt = await app.Clerk.CheckoutOk(Basket("corp-1", employeeCard, Line("PAPER", 10, 25m, "office")));
        Assert.Equal(30.00m, receipt.Dec("memberDiscount"));
        Assert.Equal(220.00m, receipt.Dec("amountDue"));
        Assert.Equal(0, receipt.Long("pointsEarned"));
    }
}
