using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;
using Npgsql;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>PostgreSQL behaviour beyond the shared contract: several writers (silos) on one database.</summary>
public sealed class PostgresGrainStorageTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_silos_racing_for_one_grain_cannot_both_win()
    {
        var id = new StateId("member", Guid.NewGuid().ToString("N"));
        var setup = new PostgresLedgerStore(db.DataSource);
        await setup.WriteBatchAsync([Write(id, 0, "seed")]);
        await using var otherPool = NpgsqlDataSource.Create(db.Schema.ConnectionString);
        var silos = new[] { new PostgresLedgerStore(db.DataSource), new PostgresLedgerStore(otherPool) };

        var results = await Task.WhenAll(silos.Select((s, i) => Task.Run(() => s.WriteBatchAsync([Write(id, 1, $"silo-{i}")]))));

        var outcomes = results.Select(r => r.Single().Outcome).Order().ToList();
        Assert.Equal([WriteOutcome.Committed, WriteOutcome.VersionConflict], outcomes);
        Assert.Equal(2, (await setup.ReadAsync(id))!.Version);
        Assert.Equal(2, (await setup.ReadLedgerAsync(id.Key, 10)).Count);
    }

    [Fact]
    public async Task Every_balance_equals_the_sum_of_its_ledger_rows()
    {
        var storage = new PostgresLedgerStore(db.DataSource);
        var prefix = Guid.NewGuid().ToString("N");
        var writes = Enumerable.Range(0, 20).Select(i => Write(new StateId("member", $"{prefix}-{i}"), 0, "x",
            points: i * 10, storedValue: i * 0.15m)).ToList();
        await storage.WriteBatchAsync(writes);

        // The reconciliation query reports run: no grain activation, only SQL over the two tables.
        await using var cmd = db.DataSource.CreateCommand("""
            SELECT count(*) FROM grain_state g
            LEFT JOIN (SELECT account, sum(points_delta) AS points, sum(stored_value_delta) AS stored_value
                       FROM ledger GROUP BY account) l ON l.account = g.grain_key
            WHERE g.grain_key LIKE $1
              AND (g.points <> coalesce(l.points, 0) OR g.stored_value <> coalesce(l.stored_value, 0))
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = prefix + "-%" });
        Assert.Equal(0L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Ping_is_false_when_the_database_is_unreachable()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(PostgresTestSchema.BaseConnectionString)
        {
            Host = "127.0.0.1",
            Port = 1,
            Timeout = 2,
            Pooling = false,
        };
        await using var dataSource = NpgsqlDataSource.Create(unreachable.ConnectionString);

        Assert.False(await new PostgresLedgerStore(dataSource).PingAsync());
    }

    /// <summary>A write whose ledger row (account = grain key) carries the whole balance, so ledger and state agree.</summary>
    private static StateWrite Write(StateId id, long expected, string tag, long points = 0, decimal storedValue = 0) =>
        new(id, expected, $$"""{"tag":"{{tag}}"}""", new GrainSummary(Points: points, StoredValue: storedValue),
            [new LedgerRow(id.Key, $"op-{tag}", "test", T0, PointsDelta: points, PointsAfter: points,
                StoredValueDelta: storedValue, StoredValueAfter: storedValue)],
            [], []);
}
