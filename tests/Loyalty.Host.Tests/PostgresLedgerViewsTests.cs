using System.Net;
using System.Net.Http.Json;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Npgsql;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>The card's stored-value history and the member's debt rows on PostgreSQL, across a host restart.</summary>
public sealed class PostgresLedgerViewsTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task The_card_ledger_and_the_debt_rows_read_back_after_a_restart()
    {
        string memberId, card;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01", type: "storedValue");
            await (await app.Clerk.PostAsJsonAsync($"/api/v1/cards/{card}/top-ups", new { topUpId = "pg-t1", amount = 1_000m })).Json(HttpStatusCode.OK);
            // 1,000 − 5% = 950, of it 300 from stored value (paid money): 950 points.
            await app.Clerk.CheckoutOk(new { checkoutId = "pg-1", storeId = "S001", cardNumber = card, storedValueAmount = 300m, lines = new[] { Line("TV", 1, 1_000m) } });
            // 900 points pay 90 of a 200 purchase (190 due, 100 left to pay): 100 points; 150 left.
            await app.Clerk.CheckoutOk(new { checkoutId = "pg-2", storeId = "S001", cardNumber = card, redeemPoints = 900, lines = new[] { Line("WATCH", 1, 200m) } });
        }
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            // The TV comes back: 950 points taken back (150 there, 800 owed), 300 back to the card as paid money.
            await (await app.Manager.PostAsJsonAsync("/api/v1/checkouts/pg-1/refunds", new { refundId = "pg-rf" })).Json(HttpStatusCode.OK);
        }
        using (var restarted = new LoyaltyApp(_schema.ConnectionString))
        {
            // Top-up 1,000 → paid 1,000 + bonus 100; the charge takes 300 of the paid money; the refund gives it back.
            var entries = (await CardLedgerTests.CardLedger(restarted.Clerk, card))["entries"]!.AsArray();
            Assert.Equal(
                [("pg-rf", "refund", 300m, 0m, 300m, 1_100m), ("pg-1", "charge", -300m, 0m, -300m, 800m), ("pg-t1", "top-up", 1_000m, 100m, 1_100m, 1_100m)],
                entries.Select(e => CardLedgerTests.Shape(e!)));
            var page = await CardLedgerTests.CardLedger(restarted.Clerk, card, "?limit=1");
            var next = await CardLedgerTests.CardLedger(restarted.Clerk, card, $"?limit=1&before={page.Long("nextBefore")}");
            Assert.Equal(["pg-rf", "pg-1"], new[] { page, next }.Select(p => Assert.Single(p["entries"]!.AsArray())!.Str("operationId")));

            var member = await restarted.Clerk.Member(memberId);
            Assert.Equal((0L, 800L), (member.Available(), member.Long("pointsDebt")));
            var ledger = await restarted.Clerk.Ledger(memberId);
            var debt = ledger.Single(e => e!.Str("operationId") == "pg-rf:debt")!;
            Assert.Equal(("points-debt", 800L, 800L), (debt.Str("kind"), debt.Long("pointsDebtDelta"), debt.Long("pointsDebtAfter")));
            Assert.Equal(-300m, ledger.Single(e => e!.Str("operationId") == "pg-1")!.Dec("storedValueAmount"));
        }
        await AssertReconciled();
    }

    /// <summary>The reconciliation rule of PostgresEngineTests: points and spend of every member equal the sums of its ledger rows.</summary>
    private async Task AssertReconciled()
    {
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var reconcile = new NpgsqlCommand("""
            SELECT count(*) FROM grain_state g
            LEFT JOIN (SELECT account, sum(points_delta) AS points, sum(pending_delta) AS pending, sum(spend_delta) AS spend,
                              sum(stored_value_delta + bonus_delta) AS stored_value FROM ledger GROUP BY account) l
              ON l.account = g.grain_type || ':' || g.grain_key
            WHERE (g.grain_type = 'member' AND (g.points <> coalesce(l.points, 0) OR g.pending_points <> coalesce(l.pending, 0) OR g.spend <> coalesce(l.spend, 0)))
               OR (g.grain_type = 'card' AND g.stored_value <> coalesce(l.stored_value, 0))
            """, connection);
        Assert.Equal(0L, (long)(await reconcile.ExecuteScalarAsync())!);
    }
}
