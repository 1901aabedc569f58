using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Npgsql;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>The engine on PostgreSQL: durability across a host restart, a hot member under parallel clients, reconciliation.</summary>
public sealed class PostgresEngineTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task A_host_restart_keeps_balances_tiers_cards_and_the_ledger()
    {
        string memberId, card;
        string memberBefore, ledgerBefore;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            await app.Clerk.CheckoutOk(Basket("pg-1", card, Line("TV", 1, 6_000m, "electronics")));
            await app.Clerk.CheckoutOk(Basket("pg-2", card, Line("A", 2, 12.5m)));
            memberBefore = (await app.Admin.Member(memberId)).ToJsonString();
            ledgerBefore = (await app.Admin.Ledger(memberId)).ToJsonString();
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        var member = await restarted.Admin.Member(memberId);

        Assert.Equal(memberBefore, member.ToJsonString());
        Assert.Equal(ledgerBefore, (await restarted.Admin.Ledger(memberId)).ToJsonString());
        // 6,000 − 5% = 5,700 → gold; then 25 − 15% (gold) = 21.25 → 42 points at 2×.
        Assert.Equal("gold", member.Str("tier"));
        Assert.Equal(5_700 + 42, member.Available());
        // The repeat of a checkout made before the restart answers from the stored receipt.
        var repeat = await restarted.Clerk.CheckoutOk(Basket("pg-2", card, Line("A", 2, 12.5m)));
        Assert.Equal(42, repeat.Long("pointsEarned"));
        Assert.Equal(5_700 + 42, (await restarted.Admin.Member(memberId)).Available());
    }

    [Fact]
    public async Task Fifty_parallel_clients_checking_out_on_one_member_end_with_exact_totals()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var (memberId, card) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");

        // Each checkout: 20.00 − 5% = 19.00 paid → 19 points (the member stays regular: 50 × 4 × 19 = 3,800 < 5,000 for gold
        // but crosses silver at 1,000, after which 20 − 10% = 18 paid → 27 points). Sum the receipts instead of predicting order.
        var receipts = await Task.WhenAll(Enumerable.Range(0, 50).Select(client => Task.Run(async () =>
        {
            using var http = app.Clerk;
            var earned = new List<(long Points, decimal Paid)>();
            for (var i = 0; i < 4; i++)
            {
                var receipt = await http.CheckoutOk(Basket($"par-{client}-{i}", card, Line("A", 1, 20m)));
                earned.Add((receipt.Long("pointsEarned"), receipt.Dec("amountDue")));
            }
            return earned;
        })));

        var all = receipts.SelectMany(r => r).ToList();
        Assert.Equal(200, all.Count);
        var member = await app.Admin.Member(memberId);
        Assert.Equal(all.Sum(r => r.Points), member.Available());
        Assert.Equal(all.Sum(r => r.Paid), member.Dec("qualifyingSpend"));
        // Exactly the checkouts made before crossing 1,000 were at the regular rate: 53 × 19.00 = 1,007 ≥ 1,000.
        Assert.Equal(53, all.Count(r => r.Paid == 19.00m));
        Assert.Equal(147, all.Count(r => r.Paid == 18.00m));
        Assert.Equal(53 * 19 + 147 * 27, member.Available());
        var ledger = await app.Admin.Ledger(memberId);
        Assert.Equal(200, ledger.Count(e => e!.Str("kind") == "checkout"));
    }

    [Fact]
    public async Task After_a_mixed_run_every_balance_equals_the_sum_of_its_ledger_rows()
    {
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            var members = new List<(string MemberId, string Card)>();
            for (var i = 0; i < 5; i++)
            {
                members.Add(await app.Clerk.MemberWithCard(birthday: "1990-01-01"));
            }
            var random = new Random(7);
            await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
            {
                using var http = app.Clerk;
                var (_, card) = members[i % members.Count];
                await http.CheckoutOk(Basket($"mix-{i}", card, Line("A", 1 + (i % 3), 10m + i), Line("CIG", 1, 30m, "tobacco")));
            })));
            // A refused redemption and a repeated checkout change nothing.
            await app.Clerk.Checkout(new { checkoutId = "mix-too-much", storeId = "S001", cardNumber = members[0].Card, redeemPoints = 1_000_000, lines = new[] { Line("A", 1, 10m) } });
            await app.Clerk.CheckoutOk(Basket("mix-0", members[0].Card, Line("A", 1, 10m), Line("CIG", 1, 30m, "tobacco")));
            var spendRedeem = await app.Clerk.CheckoutOk(new { checkoutId = "mix-redeem", storeId = "S001", cardNumber = members[1].Card, redeemPoints = 100, lines = new[] { Line("A", 1, 100m) } });
            Assert.Equal(100, spendRedeem.Long("pointsRedeemed"));
        }

        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var reconcile = new NpgsqlCommand("""
            SELECT count(*) FROM grain_state g
            LEFT JOIN (SELECT account, sum(points_delta) AS points, sum(spend_delta) AS spend FROM ledger GROUP BY account) l
              ON l.account = 'member:' || g.grain_key
            WHERE g.grain_type = 'member'
              AND (g.points <> coalesce(l.points, 0) OR g.spend <> coalesce(l.spend, 0))
            """, connection);
        Assert.Equal(0L, (long)(await reconcile.ExecuteScalarAsync())!);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM ledger WHERE kind = 'checkout'", connection);
        Assert.Equal(61L, (long)(await count.ExecuteScalarAsync())!);
    }
}
