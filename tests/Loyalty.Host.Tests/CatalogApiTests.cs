using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Promotions and their budgets, coupon templates and the gift catalogue on PostgreSQL.</summary>
public sealed class CatalogApiTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    internal static object Promotion(string id, decimal multiplier = 2m, string[]? storeIds = null, string[]? categories = null, long? budget = null,
        string startsAt = "2026-06-15T00:00:00+08:00", string endsAt = "2026-06-16T00:00:00+08:00") =>
        new { promotionId = id, name = "Double points", startsAt, endsAt, storeIds, categories, pointsMultiplier = multiplier, pointsBudget = budget };

    private static IGrainFactory Grains(LoyaltyApp app) => app.Services.GetRequiredService<IGrainFactory>();

    // ---- Promotions ----

    [Fact]
    public async Task A_promotion_is_stored_idempotently_and_the_checkout_catalogue_sees_it_by_store_and_time_even_after_a_restart()
    {
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            var created = await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("dbl-0615", storeIds: ["S001"], categories: ["grocery"])))
                .Json(HttpStatusCode.Created);
            Assert.Equal("dbl-0615", created["definition"]!.Str("promotionId"));
            var again = await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("dbl-0615", storeIds: ["S001"], categories: ["grocery"])))
                .Json(HttpStatusCode.Created);
            Assert.Equal(created.ToJsonString(), again.ToJsonString());
            await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("dbl-0615", multiplier: 3m)))
                .Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
            await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("triple-all", multiplier: 3m))).Json(HttpStatusCode.Created);
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var catalog = restarted.Services.GetRequiredService<IPromotionCatalog>();
        var during = DateTimeOffset.Parse("2026-06-15T12:00:00+08:00");
        Assert.Equal(["triple-all", "dbl-0615"], catalog.ActiveFor("S001", during).Select(p => p.PromotionId));
        Assert.Equal(["triple-all"], catalog.ActiveFor("S002", during).Select(p => p.PromotionId));
        Assert.Equal(["grocery"], catalog.ActiveFor("S001", during)[1].Categories!);
        Assert.Empty(catalog.ActiveFor("S001", DateTimeOffset.Parse("2026-06-16T00:00:00+08:00"))); // the end is exclusive
        Assert.Equal(2, catalog.ActiveFor("S001", DateTimeOffset.Parse("2026-06-15T00:00:00+08:00")).Count); // the start is inclusive
        var list = (await (await restarted.Manager.GetAsync("/api/v1/promotions")).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(2, list.Count);
        await (await restarted.Clerk.GetAsync("/api/v1/promotions")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    // ---- Promotion budget ----

    [Fact]
    public async Task A_budget_grants_at_most_what_is_left_answers_a_repeat_once_and_takes_refunds_back()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("budgeted", budget: 100))).Json(HttpStatusCode.Created);
        var budget = Grains(app).GetGrain<IPromotionBudgetGrain>("budgeted");

        Assert.Equal(60, (await budget.Consume(new ConsumeBudget("co-1", 60))).Granted);
        var partial = await budget.Consume(new ConsumeBudget("co-2", 60));
        Assert.Equal((60L, 40L, 100L, 0L), (partial.Requested, partial.Granted, partial.Used, partial.Remaining!.Value));
        Assert.Equal(40, (await budget.Consume(new ConsumeBudget("co-2", 60))).Granted); // repeat: same answer, nothing more taken
        Assert.Equal(0, (await budget.Consume(new ConsumeBudget("co-3", 10))).Granted);

        var half = await budget.Release(new ReleaseBudget("co-1", Points: 30, ReleaseId: "refund-1"));
        Assert.Equal((30L, 70L), (half.Released, half.Used));
        Assert.Equal(30, (await budget.Release(new ReleaseBudget("co-1", Points: 30, ReleaseId: "refund-1"))).Released);
        Assert.Equal(70, (await budget.Get(new GetBudget())).Used);
        var rest = await budget.Release(new ReleaseBudget("co-1"));
        Assert.Equal((30L, 40L), (rest.Released, rest.Used));
        Assert.Equal(0, (await budget.Release(new ReleaseBudget("never-granted"))).Released);
        Assert.Equal(60, (await budget.Consume(new ConsumeBudget("co-4", 80))).Granted);

        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var sum = new Npgsql.NpgsqlCommand("SELECT sum(points_delta) FROM ledger WHERE account = 'promotion:budgeted'", connection);
        Assert.Equal(100L, Convert.ToInt64(await sum.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task Many_concurrent_consumers_never_exceed_the_budget_and_a_restart_keeps_what_was_used()
    {
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            await (await app.Admin.PostAsJsonAsync("/api/v1/promotions", Promotion("hot", budget: 1_000))).Json(HttpStatusCode.Created);
            var grains = Grains(app);
            var grants = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
                grains.GetGrain<IPromotionBudgetGrain>("hot").Consume(new ConsumeBudget($"op-{i}", 30)))));

            Assert.Equal(1_000, grants.Sum(g => g.Granted));
            Assert.Equal(33, grants.Count(g => g.Granted == 30));
            Assert.Single(grants, g => g.Granted == 10);
        }
        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var view = await (await restarted.Manager.GetAsync("/api/v1/promotions/hot/budget")).Json(HttpStatusCode.OK);
        Assert.Equal((1_000L, 0L, 34L), (view.Long("used"), view.Long("remaining"), view.Long("operations")));
        Assert.Equal(0, (await Grains(restarted).GetGrain<IPromotionBudgetGrain>("hot").Consume(new ConsumeBudget("late", 5))).Granted);
        await (await restarted.Manager.GetAsync("/api/v1/promotions/nope/budget")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    // ---- Coupon templates ----

    [Fact]
    public async Task Coupon_templates_are_stored_idempotently_and_found_by_id_after_a_restart()
    {
        var birthday = new { templateId = "bday-100", name = "Birthday 100", kind = "amountOff", amount = 100m, minSpend = 300m, validDays = 30, tiers = new[] { "gold" } };
        var percent = new { templateId = "pct-10", name = "10% off", kind = "percentOff", percent = 10m, validFrom = "2026-07-01T00:00:00+08:00", validTo = "2026-08-01T00:00:00+08:00" };
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates", birthday)).Json(HttpStatusCode.Created);
            await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates", birthday)).Json(HttpStatusCode.Created);
            await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates", percent)).Json(HttpStatusCode.Created);
            await (await app.Admin.PostAsJsonAsync("/api/v1/coupon-templates", birthday with { amount = 200m }))
                .Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        }
        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var templates = restarted.Services.GetRequiredService<ICouponTemplates>();
        var found = templates.Find("bday-100")!;
        Assert.Equal((CouponKinds.AmountOff, 100m, 300m, 30), (found.Kind, found.Amount!.Value, found.MinSpend!.Value, found.ValidDays!.Value));
        Assert.True(found.IsForTier("gold"));
        Assert.False(found.IsForTier("silver"));
        Assert.Equal(LoyaltyApp.DefaultNow.AddDays(30), found.ValidUntil(LoyaltyApp.DefaultNow));
        Assert.Equal(DateTimeOffset.Parse("2026-08-01T00:00:00+08:00"), templates.Find("pct-10")!.ValidUntil(LoyaltyApp.DefaultNow));
        Assert.Null(templates.Find("nope"));
        var list = (await (await restarted.Manager.GetAsync("/api/v1/coupon-templates")).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(["bday-100", "pct-10"], list.Select(t => t!["template"]!.Str("templateId")));
    }

    // ---- Gift catalogue ----

    [Fact]
    public async Task Two_concurrent_reservations_of_the_last_gift_one_wins_and_stock_ends_at_zero()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        await (await app.Admin.PostAsJsonAsync("/api/v1/catalog", new { catalogItemId = "mug", name = "Mug", pointsPrice = 500, stock = 1 }))
            .Json(HttpStatusCode.Created);
        var gift = Grains(app).GetGrain<IGiftGrain>("mug");

        var attempts = await Task.WhenAll(new[] { "red-a", "red-b" }.Select(id => Task.Run(async () =>
        {
            try
            {
                return (Won: true, Reservation: (GiftReservation?)await gift.Reserve(new ReserveGift(id, 1)), Code: (string?)null);
            }
            catch (DomainException e)
            {
                return (Won: false, Reservation: null, Code: e.Code);
            }
        })));

        Assert.Single(attempts, a => a.Won);
        Assert.Equal("out_of_stock", Assert.Single(attempts, a => !a.Won).Code);
        var winner = attempts.Single(a => a.Won).Reservation!;
        Assert.Equal((500L, 0), (winner.PointsTotal, winner.StockAfter));
        // The winner's retry is answered once: same reservation, no second item taken.
        Assert.Equal(winner, await gift.Reserve(new ReserveGift(winner.RedemptionId, 1)));
        var view = await (await app.Clerk.GetAsync("/api/v1/catalog/mug")).Json(HttpStatusCode.OK);
        Assert.Equal((0L, 1L), (view.Long("stock"), view.Long("reserved")));
    }

    [Fact]
    public async Task Gift_stock_changes_are_idempotent_ledgered_and_survive_a_restart()
    {
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            var body = new { catalogItemId = "rice-5kg", name = "Rice 5 kg", pointsPrice = 800, stock = 3 };
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog", body)).Json(HttpStatusCode.Created);
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog", body)).Json(HttpStatusCode.Created);
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog", body with { pointsPrice = 900 })).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");

            var gift = Grains(app).GetGrain<IGiftGrain>("rice-5kg");
            Assert.Equal((1, 1600L), ((await gift.Reserve(new ReserveGift("r1", 2))).StockAfter, (await gift.Reserve(new ReserveGift("r1", 2))).PointsTotal));
            await Assert.ThrowsAsync<DomainException>(() => gift.Reserve(new ReserveGift("r1", 1))); // another quantity: mismatch
            Assert.Equal("out_of_stock", (await Assert.ThrowsAsync<DomainException>(() => gift.Reserve(new ReserveGift("r2", 2)))).Code);
            Assert.Equal(3, (await gift.Release(new ReleaseGift("r1"))).StockAfter);
            Assert.Equal(3, (await gift.Release(new ReleaseGift("r1"))).StockAfter);
            // A compensation that overtakes its reservation cancels it.
            await gift.Release(new ReleaseGift("r-late"));
            Assert.Equal("conflict", (await Assert.ThrowsAsync<DomainException>(() => gift.Reserve(new ReserveGift("r-late", 1)))).Code);

            var restock = new { adjustmentId = "po-77", delta = 10 };
            Assert.Equal(13, (await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/rice-5kg/stock", restock)).Json(HttpStatusCode.OK)).Long("stock"));
            Assert.Equal(13, (await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/rice-5kg/stock", restock)).Json(HttpStatusCode.OK)).Long("stock"));
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/rice-5kg/stock", new { adjustmentId = "po-77", delta = 5 }))
                .Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/rice-5kg/stock", new { adjustmentId = "loss-1", delta = -14 }))
                .Problem(HttpStatusCode.Conflict, "out_of_stock");
            await (await app.Admin.PostAsJsonAsync("/api/v1/catalog/rice-5kg/stock", new { adjustmentId = "loss-2", delta = -1 })).Json(HttpStatusCode.OK);
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var list = (await (await restarted.Clerk.GetAsync("/api/v1/catalog")).Content.ReadFromJsonAsync<JsonArray>())!;
        var item = Assert.Single(list)!;
        Assert.Equal(("rice-5kg", 800L, 12L), (item.Str("catalogItemId"), item.Long("pointsPrice"), item.Long("stock")));

        var ledger = await restarted.Services.GetRequiredService<ILedgerStore>().ReadLedgerAsync(CatalogAccounts.Gift("rice-5kg"), 100);
        Assert.Equal(["define", "reserve:r1", "release:r1", "stock:po-77", "stock:loss-2"], ledger.Reverse().Select(e => e.Row.OperationId));
        var deltas = ledger.Select(e => JsonNode.Parse(e.Row.DataJson!)!).ToList();
        Assert.Equal(12, deltas.Sum(d => d!["stockDelta"]!.GetValue<int>()));
        Assert.Equal(12, deltas[0]!["stockAfter"]!.GetValue<int>());
    }
}
