using System.Net;
using Loyalty.Host.Tests.Support;
using Loyalty.Tests.Support;
using Npgsql;
using static Loyalty.Host.Tests.Support.Api;

namespace Loyalty.Host.Tests;

/// <summary>Transfers, merge, earning and the leaderboard on PostgreSQL, with host restarts between steps and reconciliation.</summary>
public sealed class PostgresExtrasTests : IAsyncLifetime
{
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task Transfers_survive_a_restart_repeats_answer_the_first_result_and_the_limit_counts_across_it()
    {
        string giver, receiver;
        string firstReceipt;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            giver = await app.Clerk.NewMemberId();
            receiver = await app.Clerk.NewMemberId();
            await app.Grant(giver, 20_000);
            firstReceipt = (await (await app.Clerk.Transfer(giver, "pg-t-1", receiver, 7_000)).Json(HttpStatusCode.OK)).ToJsonString();
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        // The repeat after the restart answers the stored first result; nothing moves twice.
        Assert.Equal(firstReceipt, (await (await restarted.Clerk.Transfer(giver, "pg-t-1", receiver, 7_000)).Json(HttpStatusCode.OK)).ToJsonString());
        // Same day: 7,000 given, 3,000 left of the 10,000 limit.
        await (await restarted.Clerk.Transfer(giver, "pg-t-2", receiver, 3_001)).Problem(HttpStatusCode.Conflict, "transfer_limit");
        await (await restarted.Clerk.Transfer(giver, "pg-t-3", receiver, 3_000)).Json(HttpStatusCode.OK);
        Assert.Equal(20_000 - 10_000, (await restarted.Admin.Member(giver)).Available());
        Assert.Equal(10_000, (await restarted.Admin.Member(receiver)).Available());
        await AssertReconciled();
    }

    [Fact]
    public async Task A_repeat_older_than_the_recent_window_still_answers_its_first_result()
    {
        using var app = new LoyaltyApp(_schema.ConnectionString);
        var member = await app.Clerk.NewMemberId();
        var first = (await (await app.Admin.Adjust(member, "old-0", 100)).Json(HttpStatusCode.OK)).ToJsonString();
        for (var i = 1; i <= 40; i++)
        {
            await (await app.Admin.Adjust(member, $"old-{i}", 1)).Json(HttpStatusCode.OK);
        }

        Assert.Equal(first, (await (await app.Admin.Adjust(member, "old-0", 100)).Json(HttpStatusCode.OK)).ToJsonString());
        await (await app.Admin.Adjust(member, "old-0", 99)).Problem(HttpStatusCode.Conflict, "idempotency_mismatch");
        // 100 + 40 × 1.
        Assert.Equal(140, (await app.Admin.Member(member)).Available());
    }

    [Fact]
    public async Task A_merge_survives_a_restart_and_both_accounts_reconcile()
    {
        string survivor, duplicate, duplicateCard;
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            string survivorCard;
            (survivor, survivorCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            (duplicate, duplicateCard) = await app.Clerk.MemberWithCard(birthday: "1990-01-01");
            // 200 − 5% = 190 each; the duplicate also checks in (+5) and reviews (+10).
            await app.Clerk.CheckoutOk(Basket("pgm-1", survivorCard, Line("A", 1, 200m)));
            await app.Clerk.CheckoutOk(Basket("pgm-2", duplicateCard, Line("A", 1, 200m)));
            await (await app.Clerk.CheckIn(duplicate)).Json(HttpStatusCode.OK);
            await (await app.Clerk.Review(duplicate, "pgm-rv")).Json(HttpStatusCode.OK);
            await (await app.Admin.Merge(survivor, duplicate, "pg-merge")).Json(HttpStatusCode.OK);
        }

        using var restarted = new LoyaltyApp(_schema.ConnectionString);
        // 190 + 190 + 5 + 10 = 395; spend 190 + 190 = 380.
        var view = await restarted.Admin.Member(survivor);
        Assert.Equal(395, view.Available());
        Assert.Equal(380m, view.Dec("qualifyingSpend"));
        Assert.Equal("cancelled", (await restarted.Admin.Member(duplicate)).Str("status"));
        // A retry after the restart completes nothing new and answers the same totals.
        var again = await (await restarted.Admin.Merge(survivor, duplicate, "pg-merge")).Json(HttpStatusCode.OK);
        Assert.Equal(395, again["survivor"]!["points"]!.Long("available"));
        var receipt = await restarted.Clerk.CheckoutOk(Basket("pgm-3", duplicateCard, Line("A", 1, 20m)));
        Assert.Equal(survivor, receipt.Str("memberId"));
        await AssertReconciled();

        // The leaderboard reads the SQL ledger: the earning stays on the account that earned it.
        var board = (await (await restarted.Admin.GetAsync("/api/v1/leaderboard?quarter=2026Q2")).Json(HttpStatusCode.OK))["entries"]!.AsArray();
        // Survivor: 190 + 19 (20 − 5% = 19) = 209; the cancelled duplicate is left out.
        Assert.Single(board);
        Assert.Equal(survivor, board[0]!.Str("memberId"));
        Assert.Equal(209, board[0]!.Long("pointsEarned"));
    }

    [Fact]
    public async Task After_transfers_adjustments_earning_and_redemptions_every_balance_equals_its_ledger()
    {
        using (var app = new LoyaltyApp(_schema.ConnectionString))
        {
            await app.DefineGift("MUG", "Mug", 50, 3);
            var members = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                members.Add(await app.Clerk.NewMemberId());
                await app.Grant(members[i], 1_000);
            }
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            {
                using var http = app.Clerk;
                var from = members[i % 4];
                var to = members[(i + 1) % 4];
                await http.Transfer(from, $"rc-t-{i}", to, 10 + i);
                await http.CheckIn(from);
                await http.Review(to, $"rc-rv-{i}");
                await http.Redeem(from, $"rc-g-{i}", "MUG", 1);
            })));
            await (await app.Manager.Adjust(members[0], "rc-adj", -100, "correction")).Json(HttpStatusCode.OK);
            Assert.Equal(0, await app.StockOf("MUG"));
        }
        await AssertReconciled();
    }

    /// <summary>The reconciliation rule of PostgresEngineTests: points and spend of every member equal the sums of its ledger rows.</summary>
    private async Task AssertReconciled()
    {
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var reconcile = new NpgsqlCommand("""
            SELECT count(*) FROM grain_state g
            LEFT JOIN (SELECT account, sum(points_delta) AS points, sum(pending_delta) AS pending, sum(spend_delta) AS spend FROM ledger GROUP BY account) l
              ON l.account = 'member:' || g.grain_key
            WHERE g.grain_type = 'member'
              AND (g.points <> coalesce(l.points, 0) OR g.pending_points <> coalesce(l.pending, 0) OR g.spend <> coalesce(l.spend, 0))
            """, connection);
        Assert.Equal(0L, (long)(await reconcile.ExecuteScalarAsync())!);
    }
}
