using System.Diagnostics;
using System.Text.Json;
using Loyalty.Domain.Points;
using Loyalty.Grains;
using Loyalty.Grains.Jobs;
using Loyalty.Grains.Members;
using Loyalty.Host.Jobs;
using Loyalty.Host.Tests.Support;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Loyalty.Host.Tests;

/// <summary>Guarantee 11 at scale: with 100,000 members on PostgreSQL, a scheduler pass wakes only the due ones.</summary>
public sealed class JobsAtScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Members = 100_000;
    private const int DueEvery = 1_000; // → 100 members due now
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await PostgresTestSchema.CreateMigratedAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [Fact]
    public async Task A_pass_over_100000_members_touches_only_the_100_that_are_due()
    {
        var now = LoyaltyApp.DefaultNow; // 2026-06-15 10:00 in Shanghai
        var seeding = Stopwatch.StartNew();
        await SeedAsync(new PostgresLedgerStore(_schema.DataSource));
        output.WriteLine($"seeded {Members} members in {seeding.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(Members, await CountAsync("SELECT count(*) FROM due_jobs", now));
        Assert.Equal(Members / DueEvery, await CountAsync("SELECT count(*) FROM due_jobs WHERE due_at <= $1", now));

        // A fresh host on the same database: the due rows are all it needs to resume.
        using var app = new LoyaltyApp(_schema.ConnectionString);
        // No member is active at start-up.
        Assert.Empty(await app.ActiveKeys(StateTypes.Member));

        var pass = Stopwatch.StartNew();
        var report = await app.RunJobsAt("2026-06-15 10:00");
        output.WriteLine($"pass in {pass.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(new JobCounts(Members / DueEvery, Members / DueEvery, 0), report.Jobs[JobNames.Expiry]);
        Assert.All(JobNames.All.Where(j => j != JobNames.Expiry), j => Assert.Equal(new JobCounts(0, 0, 0), report.Jobs[j]));
        // Exactly the due members were activated.
        Assert.Equal(Members / DueEvery, (await app.ActiveKeys(StateTypes.Member)).Count);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM due_jobs WHERE due_at <= $1", now));
        // The expired members have no lots left, so no job is scheduled for them any more; nobody else was touched.
        Assert.Equal(Members - Members / DueEvery, await CountAsync("SELECT count(*) FROM due_jobs", now));
        Assert.Equal(Members / DueEvery, await CountAsync("SELECT count(*) FROM ledger WHERE kind = 'expire' AND points_delta = -100", now));
        Assert.Equal(Members / DueEvery, await CountAsync("SELECT count(*) FROM grain_state WHERE version > 1", now));

        // The next pass finds nothing.
        Assert.Equal(0, (await app.RunJobsAt("2026-06-15 10:00:30")).TotalDue());
    }

    /// <summary>Writes member states straight through the storage contract, with their due rows, in large batches.</summary>
    private static async Task SeedAsync(ILedgerStore storage)
    {
        var program = Loyalty.Domain.ProgramSettings.Default;
        var today = new DateOnly(2026, 6, 15);
        // Batches the size of a group commit (the statement joins writes pairwise, so huge batches are slower, not faster).
        const int batch = 250;
        var batches = Enumerable.Range(0, Members / batch);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
        {
            var writes = new List<StateWrite>(batch);
            for (var i = b * batch; i < (b + 1) * batch; i++)
            {
                // Every 1,000th member's lot expires today; the others' over the next 300 days.
                var expiresOn = i % DueEvery == 0 ? today : today.AddDays(1 + i % 300);
                var dueAt = JobClock.StartOfDay(program, expiresOn);
                var state = new MemberState
                {
                    MemberId = $"m{i:D6}",
                    Name = "Seeded",
                    Phone = "",
                    Status = "active",
                    Tier = "regular",
                    TierSince = today.AddYears(-1),
                    JoinedAt = new DateTimeOffset(2025, 6, 15, 2, 0, 0, TimeSpan.Zero),
                    Points = 100,
                    LifetimePointsEarned = 100,
                    Lots = [new PointsLot { EarnedOn = expiresOn.AddMonths(-12), ExpiresOn = expiresOn, Remaining = 100 }],
                    Jobs = new MemberJobState { Due = { [JobNames.Expiry] = dueAt } },
                };
                writes.Add(new StateWrite(new StateId("member", state.MemberId), 0,
                    JsonSerializer.Serialize(state, GrainJson.Default.MemberState),
                    new GrainSummary("active", "regular", null, 100), [], [], [new DueJob(JobNames.Expiry, dueAt)]));
            }
            var results = await storage.WriteBatchAsync(writes, ct);
            Assert.All(results, r => Assert.Equal(WriteOutcome.Committed, r.Outcome));
        });
    }

    private async Task<long> CountAsync(string sql, DateTimeOffset now)
    {
        await using var connection = await _schema.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        }
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
