using Loyalty.Grains;
using System.Net;
using System.Text.Json.Nodes;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Loyalty.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>
/// Reports after real checkouts, worked out by hand, on PostgreSQL (after a restart, without activating member grains)
/// and on the in-memory storage (same answers).
/// Day 1 (2026-06-15, 10:00 Shanghai): A and B join at S001, C at S002; A buys 200 (190.00 paid, 190 points),
/// B buys 200 (190.00, 190 points). Day 2: D joins at S002; C buys 50 at S002 (47.50, 47 points); A buys 100 and
/// pays 100 points (95.00 − 10.00 = 85.00 paid, 85 points). Every member stays regular.
/// </summary>
public sealed class ReportTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    private sealed record Scenario(string A, string B, string C, string D);

    private static async Task<Scenario> RunScenario(LoyaltyApp app)
    {
        var s002 = app.Client(Keys.ClerkS002);
        var (a, cardA) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (b, cardB) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        var (c, cardC) = await s002.MemberWithCard(birthday: "1990-01-01");
        await app.Clerk.CheckoutOk(Basket("rep-a1", cardA, Line("A", 2, 100m)));
        await app.Clerk.CheckoutOk(Basket("rep-b1", cardB, Line("B", 2, 100m)));

        app.Time.Advance(TimeSpan.FromDays(1));
        var d = (await s002.RegisterMember()).Str("memberId");
        var c1 = await s002.CheckoutOk(new { checkoutId = "rep-c1", storeId = "S002", cardNumber = cardC, lines = new[] { Line("C", 1, 50m) } });
        Assert.Equal(47, c1.Long("pointsEarned"));
        var a2 = await app.Clerk.CheckoutOk(new { checkoutId = "rep-a2", storeId = "S001", cardNumber = cardA, redeemPoints = 100, lines = new[] { Line("A", 1, 100m) } });
        Assert.Equal((85.00m, 85L, 100L), (a2.Dec("amountDue"), a2.Long("pointsEarned"), a2.Long("pointsRedeemed")));
        return new Scenario(a, b, c, d);
    }

    private static async Task<JsonObject> Report(HttpClient client, string path) =>
        await (await client.GetAsync("/api/v1/reports/" + path)).Json(HttpStatusCode.OK);

    private static async Task AssertReports(LoyaltyApp app)
    {
        const string range = "from=2026-06-15&to=2026-06-16";
        var admin = app.Admin;
        var manager = app.Manager; // S001

        var joined = await Report(admin, $"members-joined?{range}");
        Assert.Equal(4, joined.Long("total"));
        Assert.Equal([3L, 1L], joined["days"]!.AsArray().Select(d => d!.Long("count")));
        Assert.Equal("2026-06-15", joined["days"]![0]!.Str("day"));
        Assert.Equal([2L, 0L], (await Report(manager, $"members-joined?{range}"))["days"]!.AsArray().Select(d => d!.Long("count")));
        Assert.Equal([1L, 1L], (await Report(admin, $"members-joined?{range}&storeId=S002"))["days"]!.AsArray().Select(d => d!.Long("count")));
        // The default range is the 30 days up to today.
        var lastMonth = await Report(admin, "members-joined");
        Assert.Equal((30, 4L, "2026-06-16"), (lastMonth["days"]!.AsArray().Count, lastMonth.Long("total"), lastMonth.Str("to")));

        Assert.Equal(3, (await Report(admin, "active-members?days=30")).Long("activeMembers"));
        Assert.Equal(2, (await Report(manager, "active-members")).Long("activeMembers"));
        Assert.Equal(3, (await Report(admin, "active-members?days=1")).Long("activeMembers")); // B bought exactly 24 hours ago: included

        var tiers = (await Report(admin, "tiers"))["tiers"]!.AsArray();
        Assert.Equal(["regular", "silver", "gold", "platinum", "diamond"], tiers.Select(t => t!.Str("tier")));
        Assert.Equal([4L, 0, 0, 0, 0], tiers.Select(t => t!.Long("members")));
        Assert.Equal(2, (await Report(manager, "tiers"))["tiers"]![0]!.Long("members"));

        var points = await Report(admin, $"points?{range}");
        Assert.Equal((190L + 190 + 47 + 85, 100L), (points.Long("earnedAtCheckout"), points.Long("redeemedAtCheckout")));
        var storePoints = await Report(manager, $"points?{range}");
        Assert.Equal((190L + 190 + 85, 100L), (storePoints.Long("earnedAtCheckout"), storePoints.Long("redeemedAtCheckout")));
        Assert.Equal(380, (await Report(admin, "points?from=2026-06-15&to=2026-06-15")).Long("earnedAtCheckout"));

        // A: 190 − 100 + 85 = 175, B: 190, C: 47, D: 0 → 412 points = 41.20 yuan at 100 points = 10 yuan.
        var liability = await Report(admin, "liability");
        Assert.Equal((4L, 412L, 0L, 41.20m, 0m), (liability.Long("members"), liability.Long("points"), liability.Long("pendingPoints"),
            liability.Dec("pointsValue"), liability.Dec("storedValue")));
        var storeLiability = await Report(manager, "liability");
        Assert.Equal((2L, 365L, 36.50m), (storeLiability.Long("members"), storeLiability.Long("points"), storeLiability.Dec("pointsValue")));

        var sales = await Report(admin, $"sales?{range}");
        Assert.Equal(512.50m, sales.Dec("total"));
        Assert.Equal(["S001", "S002"], sales["stores"]!.AsArray().Select(s => s!.Str("storeId")));
        Assert.Equal((3L, 465.00m), (sales["stores"]![0]!.Long("checkouts"), sales["stores"]![0]!.Dec("sales")));
        Assert.Equal((1L, 47.50m), (sales["stores"]![1]!.Long("checkouts"), sales["stores"]![1]!.Dec("sales")));
        var storeSales = await Report(manager, $"sales?{range}");
        Assert.Equal((465.00m, 1), (storeSales.Dec("total"), storeSales["stores"]!.AsArray().Count));

        // RFM of A (0 days, 2 checkouts, 275.00), B (1 day, 1, 190.00), C (0 days, 1, 47.50); three members, so each
        // scores ceil(5 × members-no-better / 3):
        // A: R 5, F 5, M 5 → champions; B: R ceil(5/3) = 2, F ceil(10/3) = 4, M 4 → at_risk; C: R 5, F 4, M 2 → loyal.
        var rfm = await Report(admin, "rfm");
        Assert.Equal(3, rfm.Long("members"));
        var segments = rfm["segments"]!.AsArray();
        Assert.Equal(["champions", "loyal", "at_risk"], segments.Select(s => s!.Str("segment")));
        Assert.Equal((0m, 2m, 275.00m), (segments[0]!.Dec("averageRecencyDays"), segments[0]!.Dec("averageFrequency"), segments[0]!.Dec("averageMonetary")));
        Assert.Equal((0m, 1m, 47.50m), (segments[1]!.Dec("averageRecencyDays"), segments[1]!.Dec("averageFrequency"), segments[1]!.Dec("averageMonetary")));
        Assert.Equal((1m, 1m, 190.00m), (segments[2]!.Dec("averageRecencyDays"), segments[2]!.Dec("averageFrequency"), segments[2]!.Dec("averageMonetary")));
        // At S001 only A and B bought: A is best in R and F, B in M.
        var storeRfm = await Report(manager, "rfm");
        Assert.Equal(2, storeRfm.Long("members"));
    }

    [Fact]
    public async Task Reports_on_PostgreSQL_match_the_hand_worked_numbers_after_a_restart_without_activating_members()
    {
        Scenario scenario;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            scenario = await RunScenario(app);
        }
        using var restarted = new LoyaltyApp(_schema.ConnectionString, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(LoyaltyApp.DefaultNow.AddDays(1)));
        await AssertReports(restarted);

        var active = await restarted.ActiveKeys(StateTypes.Member);
        foreach (var member in new[] { scenario.A, scenario.B, scenario.C, scenario.D })
        {
            Assert.DoesNotContain(member, active);
        }
    }

    [Fact]
    public async Task Reports_on_the_in_memory_storage_give_the_same_answers()
    {
        using var app = new LoyaltyApp();
        await RunScenario(app);
        await AssertReports(app);
    }

    [Fact]
    public async Task Expired_points_and_other_kinds_are_summed_from_the_ledger()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var (a, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
        await app.Clerk.CheckoutOk(Basket("exp-1", card, Line("A", 1, 100m)));
        // Rows as the expiry job and a manual adjustment write them (their grains are other branches' work).
        var at = LoyaltyApp.DefaultNow.AddHours(1);
        var results = await app.Services.GetRequiredService<ILedgerStore>().WriteBatchAsync([new StateWrite(new StateId("test", "rows"), 0, "{}",
            new GrainSummary(), [
                new LedgerRow($"member:{a}", "expire:2026-06-15", "expire", at, PointsDelta: -30),
                new LedgerRow($"member:{a}", "adjust:1", "adjust", at, PointsDelta: 20),
                new LedgerRow($"member:{a}", "adjust:2", "adjust", at, PointsDelta: -5),
            ], [], [])]);
        Assert.Equal(WriteOutcome.Committed, results[0].Outcome);

        var points = await Report(app.Admin, "points?from=2026-06-15&to=2026-06-15");
        Assert.Equal((95L, 0L, 30L), (points.Long("earnedAtCheckout"), points.Long("redeemedAtCheckout"), points.Long("expired")));
        var kinds = points["byKind"]!.AsArray();
        Assert.Equal(["adjust", "expire"], kinds.Select(k => k!.Str("kind")));
        Assert.Equal((20L, -5L), (kinds[0]!.Long("positive"), kinds[0]!.Long("negative")));
        Assert.Equal((0L, -30L), (kinds[1]!.Long("positive"), kinds[1]!.Long("negative")));
    }

    [Theory]
    [InlineData("members-joined?from=15-06-2026", "from")]
    [InlineData("members-joined?from=2026-06-16&to=2026-06-15", "from")]
    [InlineData("sales?from=2025-01-01&to=2026-06-15", "to")]
    [InlineData("points?to=tomorrow", "to")]
    [InlineData("active-members?days=0", "days")]
    public async Task Bad_report_parameters_are_400_validation(string path, string field)
    {
        using var app = new LoyaltyApp();
        var problem = await (await app.Admin.GetAsync("/api/v1/reports/" + path)).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Clerks_read_no_reports_and_managers_only_their_own_store()
    {
        using var app = new LoyaltyApp();
        await (await app.Clerk.GetAsync("/api/v1/reports/tiers")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.Manager.GetAsync("/api/v1/reports/sales?storeId=S002")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("S001", (await Report(app.Manager, "sales?storeId=S001")).Str("storeId"));
        Assert.Null((await Report(app.Admin, "sales"))["storeId"]);
    }
}
