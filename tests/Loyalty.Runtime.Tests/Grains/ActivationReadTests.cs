using Loyalty.Runtime;
using Loyalty.Runtime.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>
/// Activations read their state through the <see cref="GroupReader"/>: reads that queue up while the reader loops
/// are busy share one storage round trip. The storage is held at a gate so the test decides what queues up.
/// </summary>
public abstract class ActivationReadTests
{
    /// <summary>The storage under test; tests share it, so each uses its own grain keys.</summary>
    protected abstract IGrainStorage Storage { get; }

    private static string Prefix() => Guid.NewGuid().ToString("N")[..8];

    private static AddRequest Add(long amount) => new(Guid.NewGuid().ToString("N"), amount);

    [Fact]
    public async Task Five_hundred_cold_grains_activate_with_a_few_batched_reads_and_each_sees_its_own_state()
    {
        var prefix = Prefix();
        string Key(int i) => $"{prefix}-{i}";
        // Even grains have a stored state (value i + 1), odd ones were never stored.
        await using (var seeding = RuntimeFactory.Create(Storage))
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Where(i => i % 2 == 0)
                .Select(i => seeding.Get<ICounterGrain>(Key(i)).Add(Add(i + 1))));
        }
        var storage = new GatedReadStorage(Storage);
        await using var runtime = RuntimeFactory.Create(storage, options: new RuntimeOptions { MaxReadBatchSize = 256, ReadConcurrency = 2 });

        storage.Hold();
        var calls = Enumerable.Range(0, 500).Select(i => runtime.Get<ICounterGrain>(Key(i)).Get(new Nothing())).ToList();
        await Condition.WaitAsync(() => storage.IdsWaiting + runtime.Reader.Queued == 500, "all 500 reads are queued or held");
        storage.Release();
        var values = await Task.WhenAll(calls);

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(i % 2 == 0 ? new CounterValue(i + 1, 1) : new CounterValue(0, 0), values[i]);
        }
        // One held batch per reader loop, then the rest drained in batches of up to 256. Two loops draining the
        // queue at once can split it into a few more, smaller batches, hence a loose bound.
        Assert.True(storage.BatchSizes.Count < 50, $"batches of {string.Join(", ", storage.BatchSizes)}");
        Assert.Equal(500, storage.BatchSizes.Sum());
        Assert.Equal(storage.BatchSizes.Count, runtime.Reader.Batches);
        Assert.Equal(500, runtime.Reader.Reads);
        Assert.Equal(0, storage.SingleReads);
    }

    [Fact]
    public async Task A_failed_read_batch_fails_the_calls_of_its_activations_and_a_later_call_activates_fine()
    {
        var prefix = Prefix();
        string Key(int i) => $"{prefix}-{i}";
        await using (var seeding = RuntimeFactory.Create(Storage))
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => seeding.Get<ICounterGrain>(Key(i)).Add(Add(10 + i))));
        }
        var storage = new GatedReadStorage(Storage);
        await using var runtime = RuntimeFactory.Create(storage, options: new RuntimeOptions { ReadConcurrency = 1 });

        storage.Hold();
        storage.FailReads = true;
        // Two calls per grain: the one that activates it and one queued behind it in its mailbox.
        var calls = Enumerable.Range(0, 10)
            .SelectMany(i => new[] { runtime.Get<ICounterGrain>(Key(i)).Add(Add(100)), runtime.Get<ICounterGrain>(Key(i)).Add(Add(100)) })
            .ToList();
        await Condition.WaitAsync(() => storage.IdsWaiting + runtime.Reader.Queued == 10, "all 10 reads are queued or held");
        storage.Release();

        foreach (var call in calls)
        {
            var failure = await Assert.ThrowsAsync<GrainConflictException>(() => call);
            Assert.IsType<IOException>(failure.InnerException);
        }
        Assert.InRange(storage.BatchSizes.Count, 1, 2);
        Assert.Equal(10, runtime.Reader.Reads);

        storage.FailReads = false;
        for (var i = 0; i < 10; i++)
        {
            Assert.False(runtime.IsActive(new GrainId("counter", Key(i))));
            Assert.Equal(new CounterValue(10 + i + 1, 2), await runtime.Get<ICounterGrain>(Key(i)).Add(Add(1)));
            // The failed calls never ran: the ledger holds the seed and the call after the failure.
            Assert.Equal(2, (await Storage.ReadLedgerAsync($"counter:{Key(i)}", 10)).Count);
        }
    }

    [Fact]
    public async Task Reads_queued_while_the_reader_is_busy_go_in_one_batch_with_missing_and_repeated_ids()
    {
        var prefix = Prefix();
        var first = new GrainId("counter", $"{prefix}-first");
        var stored = new GrainId("counter", $"{prefix}-stored");
        var other = new GrainId("other", $"{prefix}-stored");
        var missing = new GrainId("counter", $"{prefix}-missing");
        var results = await Storage.WriteBatchAsync([
            new GrainWrite(first, 0, """{"Value":1}""", new GrainSummary(), [], [], []),
            new GrainWrite(stored, 0, """{"Value":2}""", new GrainSummary(), [], [], []),
            new GrainWrite(other, 0, """{"Value":3}""", new GrainSummary(), [], [], []),
        ]);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Committed, r.Outcome));
        var storage = new GatedReadStorage(Storage);
        await using var reader = new GroupReader(storage, maxBatchSize: 256, concurrency: 1);

        // A lone read is read on its own at once; the next ones queue behind it while it is held.
        storage.Hold();
        var lone = reader.ReadAsync(first);
        await Condition.WaitAsync(() => storage.IdsWaiting == 1, "the lone read is held");
        var queued = new[] { stored, missing, stored, other }.Select(reader.ReadAsync).ToList();
        Assert.Equal(4, reader.Queued);
        storage.Release();

        Assert.Equal(new StoredGrain(1, """{"Value":1}"""), await lone);
        Assert.Equal<StoredGrain?>(
            [new StoredGrain(1, """{"Value":2}"""), null, new StoredGrain(1, """{"Value":2}"""), new StoredGrain(1, """{"Value":3}""")],
            (await Task.WhenAll(queued)).ToList());
        Assert.Equal([1, 4], storage.BatchSizes);
        Assert.Equal(2, reader.Batches);
        Assert.Equal(5, reader.Reads);
    }
}

/// <summary>Batched activation reads over the in-memory storage.</summary>
public sealed class InMemoryActivationReadTests : ActivationReadTests
{
    protected override IGrainStorage Storage { get; } = new InMemoryGrainStorage();
}

/// <summary>Batched activation reads over PostgreSQL (one throw-away schema for the class).</summary>
public sealed class PostgresActivationReadTests(PostgresFixture db) : ActivationReadTests, IClassFixture<PostgresFixture>
{
    protected override IGrainStorage Storage { get; } = new PostgresGrainStorage(db.DataSource);
}
