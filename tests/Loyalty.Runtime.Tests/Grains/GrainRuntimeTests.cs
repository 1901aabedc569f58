using Loyalty.Runtime;
using Loyalty.Runtime.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>The runtime guarantees of architecture.md, run against a storage supplied by the subclass.</summary>
public abstract class GrainRuntimeTests
{
    /// <summary>A fresh, empty storage; two calls in one test return views of the same database.</summary>
    protected abstract IGrainStorage Storage { get; }

    protected static AddRequest Add(long amount) => new(Guid.NewGuid().ToString("N"), amount);

    [Fact]
    public async Task A_thousand_concurrent_calls_on_one_grain_end_with_the_exact_total()
    {
        await using var runtime = RuntimeFactory.Create(Storage);
        var grain = runtime.Get<ICounterGrain>("hot");

        await Task.WhenAll(Enumerable.Range(1, 1000).Select(i => Task.Run(() => grain.Add(Add(i)))));

        var value = await grain.Get(new Nothing());
        Assert.Equal(500_500, value.Value);
        Assert.Equal(1000, value.Operations);
        var stored = await Storage.ReadLedgerAsync("counter:hot", 2000);
        Assert.Equal(1000, stored.Count);
        Assert.Equal(500_500, stored.Sum(e => e.Row.PointsDelta));
    }

    [Fact]
    public async Task Different_grains_run_in_parallel()
    {
        await using var runtime = RuntimeFactory.Create(Storage);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = runtime.Get<ICounterGrain>("a").Block(new BlockRequest(entered, release.Task));
        await entered.Task;

        // Grain "a" is in the middle of a turn; grain "b" still answers.
        var other = await runtime.Get<ICounterGrain>("b").Add(Add(7));

        Assert.Equal(7, other.Value);
        Assert.False(blocked.IsCompleted);
        release.SetResult();
        await blocked;
    }

    [Fact]
    public async Task Calls_to_one_grain_wait_for_the_running_turn()
    {
        await using var runtime = RuntimeFactory.Create(Storage);
        var grain = runtime.Get<ICounterGrain>("turns");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = grain.Block(new BlockRequest(entered, release.Task));
        await entered.Task;

        var add = grain.Add(Add(1));
        Assert.False(add.IsCompleted);

        release.SetResult();
        Assert.Equal(0, (await blocked).Value);
        Assert.Equal(1, (await add).Value);
    }

    [Fact]
    public async Task A_call_that_throws_leaves_the_state_as_it_was_and_the_next_call_works()
    {
        await using var runtime = RuntimeFactory.Create(Storage);
        var grain = runtime.Get<ICounterGrain>("throws");
        await grain.Add(Add(10));

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Add(new AddRequest("bad", 5, FailAfterChange: true)));

        Assert.Equal(new CounterValue(10, 1), await grain.Get(new Nothing()));
        Assert.Equal(13, (await grain.Add(Add(3))).Value);
        var ledger = await Storage.ReadLedgerAsync("counter:throws", 10);
        Assert.DoesNotContain(ledger, e => e.Row.OperationId == "bad");
        Assert.Equal(13, ledger.Sum(e => e.Row.PointsDelta));
    }

    [Fact]
    public async Task A_call_that_throws_behind_uncommitted_turns_leaves_the_newest_good_state()
    {
        var gated = new GatedStorage(Storage);
        await using var runtime = RuntimeFactory.Create(gated);
        var grain = runtime.Get<ICounterGrain>("throws-in-flight");
        await grain.Add(Add(1));

        gated.Hold();
        var inFlight = grain.Add(Add(10));
        await gated.Reached;
        // The good state is the one being committed...
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Add(new AddRequest("bad-1", 100, FailAfterChange: true)));
        var pending = grain.Add(Add(5));
        // ...then the one waiting for the next commit.
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Add(new AddRequest("bad-2", 100, FailAfterChange: true)));
        gated.Release();

        Assert.Equal(11, (await inFlight).Value);
        Assert.Equal(16, (await pending).Value);
        Assert.Equal(new CounterValue(16, 3), await grain.Get(new Nothing()));
        var ledger = await Storage.ReadLedgerAsync("counter:throws-in-flight", 10);
        Assert.DoesNotContain(ledger, e => e.Row.OperationId.StartsWith("bad", StringComparison.Ordinal));
        Assert.Equal(16, ledger.Sum(e => e.Row.PointsDelta));
    }

    [Fact]
    public async Task Calls_between_grains_end_with_exact_totals_on_both_sides()
    {
        await using var runtime = RuntimeFactory.Create(Storage);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            runtime.Get<IForwarderGrain>($"f{i % 5}").Forward(new ForwardRequest($"op{i}", "shared", i)))));

        Assert.Equal(new CounterValue(19_900, 200), await runtime.Get<ICounterGrain>("shared").Get(new Nothing()));
        for (var f = 0; f < 5; f++)
        {
            var expected = Enumerable.Range(0, 200).Where(i => i % 5 == f).Sum();
            Assert.Equal(new CounterValue(expected, 40), await runtime.Get<IForwarderGrain>($"f{f}").Get(new Nothing()));
            Assert.Equal(expected, (await Storage.ReadLedgerAsync($"forwarder:f{f}", 100)).Sum(e => e.Row.PointsDelta));
        }
        Assert.Equal(19_900, (await Storage.ReadLedgerAsync("counter:shared", 300)).Sum(e => e.Row.PointsDelta));
    }

    [Fact]
    public async Task A_caller_does_not_wait_for_the_callees_commit_before_its_next_turn()
    {
        // Each write takes a while. Were the forwarder's turns to wait for the counter's commit, the counter would
        // commit each of the 50 calls on its own; answered at the end of its turn, the forwarder runs the next
        // call at once and the counter's calls queue up behind its commit in flight and share the next one.
        var storage = new GatedStorage(new SlowStorage(Storage, TimeSpan.FromMilliseconds(20)));
        await using var runtime = RuntimeFactory.Create(storage);
        var forwarder = runtime.Get<IForwarderGrain>("busy");

        var results = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => forwarder.Forward(new ForwardRequest($"op{i}", "target", 1))));

        Assert.Equal(50, results.Max(r => r.Value));
        Assert.InRange(storage.WritesOf("counter"), 1, 25);
        Assert.Equal(new CounterValue(50, 50), await forwarder.Get(new Nothing()));
    }

    [Fact]
    public async Task When_the_callees_commit_is_lost_the_callers_call_fails_and_changes_nothing()
    {
        var storage = new GatedStorage(Storage);
        await using var runtime = RuntimeFactory.Create(storage);
        var forwarder = runtime.Get<IForwarderGrain>("f");
        var counter = runtime.Get<ICounterGrain>("c");
        await forwarder.Forward(new ForwardRequest("op1", "c", 5));

        storage.RefuseType = "counter";
        await Assert.ThrowsAsync<GrainConflictException>(() => forwarder.Forward(new ForwardRequest("op2", "c", 7)));
        storage.RefuseType = null;

        Assert.Equal(new CounterValue(5, 1), await forwarder.Get(new Nothing()));
        Assert.Equal(new CounterValue(5, 1), await counter.Get(new Nothing()));
        Assert.Equal(6, (await forwarder.Forward(new ForwardRequest("op3", "c", 1))).Value);
        Assert.Equal(["op1", "op3"], (await Storage.ReadLedgerAsync("forwarder:f", 10)).Select(e => e.Row.OperationId).Order());
        Assert.Equal(["op1", "op3"], (await Storage.ReadLedgerAsync("counter:c", 10)).Select(e => e.Row.OperationId).Order());
    }

    [Fact]
    public async Task A_grain_with_an_owner_type_brings_its_owners_state_in_the_same_read()
    {
        await using (var writer = RuntimeFactory.Create(Storage))
        {
            await writer.Get<IForwarderGrain>("card-like").Forward(new ForwardRequest("op1", "its-owner", 5));
        }
        var counting = new GatedStorage(Storage);
        await using var runtime = RuntimeFactory.Create(counting);

        Assert.Equal(new CounterValue(5, 1), await runtime.Get<IForwarderGrain>("card-like").Get(new Nothing()));
        Assert.Equal(new CounterValue(5, 1), await runtime.Get<ICounterGrain>("its-owner").Get(new Nothing()));
        Assert.Equal(1, counting.Reads);
        Assert.Equal(1, runtime.Reader.PrefetchHits);
        // The owner activated from the kept state commits on top of it (its version was read with it).
        Assert.Equal(6, (await runtime.Get<ICounterGrain>("its-owner").Add(Add(1))).Value);
    }

    [Fact]
    public async Task Two_runtimes_writing_one_grain_one_gets_a_conflict_and_the_data_stays_consistent()
    {
        await using var first = RuntimeFactory.Create(Storage);
        await using var second = RuntimeFactory.Create(Storage);
        var a = first.Get<ICounterGrain>("shared");
        var b = second.Get<ICounterGrain>("shared");
        await a.Get(new Nothing());
        await b.Get(new Nothing());

        await a.Add(Add(5));
        await Assert.ThrowsAsync<GrainConflictException>(() => b.Add(Add(100)));

        // The loser reloaded: its next call sees the winner's write and builds on it.
        Assert.Equal(8, (await b.Add(Add(3))).Value);
        var stored = await Storage.ReadAsync(new GrainId("counter", "shared"));
        Assert.Equal(2, stored!.Version);
        var ledger = await Storage.ReadLedgerAsync("counter:shared", 10);
        Assert.Equal(8, ledger.Sum(e => e.Row.PointsDelta));
    }

    [Fact]
    public async Task An_idle_grain_is_deactivated_and_reactivates_with_its_state()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T08:00:00Z"));
        await using var runtime = RuntimeFactory.Create(Storage, time, new RuntimeOptions { IdleAge = TimeSpan.FromMinutes(10) });
        var grain = runtime.Get<ICounterGrain>("sleepy");
        await grain.Add(Add(42));
        var id = new GrainId("counter", "sleepy");

        time.Advance(TimeSpan.FromMinutes(9));
        runtime.Collect();
        Assert.True(runtime.IsActive(id));

        time.Advance(TimeSpan.FromMinutes(1));
        runtime.Collect();
        Assert.False(runtime.IsActive(id));

        Assert.Equal(new CounterValue(42, 1), await grain.Get(new Nothing()));
        Assert.True(runtime.IsActive(id));
    }

    [Fact]
    public async Task The_activation_bound_evicts_the_least_recently_used()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T08:00:00Z"));
        await using var runtime = RuntimeFactory.Create(Storage, time, new RuntimeOptions { MaxActivations = 10 });
        for (var i = 0; i < 10; i++)
        {
            await runtime.Get<ICounterGrain>($"g{i}").Add(Add(i));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        // g0 is used again, so g1 becomes the least recently used.
        await runtime.Get<ICounterGrain>("g0").Get(new Nothing());
        time.Advance(TimeSpan.FromSeconds(1));
        await runtime.Get<ICounterGrain>("g10").Add(Add(10));

        runtime.Collect();

        Assert.True(runtime.ActivationCount <= 10);
        Assert.False(runtime.IsActive(new GrainId("counter", "g1")));
        Assert.True(runtime.IsActive(new GrainId("counter", "g0")));
        Assert.True(runtime.IsActive(new GrainId("counter", "g10")));
        Assert.Equal(1, (await runtime.Get<ICounterGrain>("g1").Get(new Nothing())).Value);
    }

    [Fact]
    public async Task Five_hundred_concurrent_writes_to_five_hundred_grains_share_few_transactions()
    {
        await using var runtime = RuntimeFactory.Create(Storage);

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => runtime.Get<ICounterGrain>($"many-{i}").Add(Add(1))));

        Assert.Equal(500, runtime.Committer.Writes);
        Assert.True(runtime.Committer.Batches < 100, $"{runtime.Committer.Batches} transactions for 500 writes");
        for (var i = 0; i < 500; i += 50)
        {
            Assert.Equal(1, (await Storage.ReadAsync(new GrainId("counter", $"many-{i}")))!.Version);
        }
    }

    [Fact]
    public async Task Two_hundred_queued_calls_on_one_grain_share_few_commits()
    {
        await using var runtime = RuntimeFactory.Create(Storage);
        var grain = runtime.Get<ICounterGrain>("queued");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => grain.Add(Add(2))));

        Assert.Equal(400, (await grain.Get(new Nothing())).Value);
        Assert.True(runtime.Committer.Writes < 40, $"{runtime.Committer.Writes} commits for 200 calls");
        var stored = await Storage.ReadAsync(new GrainId("counter", "queued"));
        Assert.Equal(runtime.Committer.Writes, stored!.Version);
        Assert.Equal(200, (await Storage.ReadLedgerAsync("counter:queued", 500)).Count);
    }
}

/// <summary>The runtime guarantees over the in-memory storage, with a database-like delay per round trip.</summary>
public sealed class InMemoryGrainRuntimeTests : GrainRuntimeTests
{
    protected override IGrainStorage Storage { get; } = new SlowStorage(new InMemoryGrainStorage(), TimeSpan.FromMilliseconds(2));

    [Fact]
    public async Task A_failed_commit_fails_the_calls_and_the_grain_reloads_what_is_durable()
    {
        var storage = new SlowStorage(new InMemoryGrainStorage(), TimeSpan.FromMilliseconds(1));
        await using var runtime = RuntimeFactory.Create(storage);
        var grain = runtime.Get<ICounterGrain>("flaky");
        await grain.Add(Add(1));

        storage.FailNextWrites = 1;
        await Assert.ThrowsAsync<GrainConflictException>(() => grain.Add(Add(50)));

        Assert.Equal(new CounterValue(1, 1), await grain.Get(new Nothing()));
        Assert.Equal(3, (await grain.Add(Add(2))).Value);
    }

    [Fact]
    public async Task A_call_is_not_answered_before_its_commit()
    {
        var inner = new InMemoryGrainStorage();
        var storage = new SlowStorage(inner, TimeSpan.FromMilliseconds(1));
        await using var runtime = RuntimeFactory.Create(storage);

        var result = await runtime.Get<ICounterGrain>("durable").Add(Add(9));

        Assert.Equal(9, result.Value);
        var stored = await inner.ReadAsync(new GrainId("counter", "durable"));
        Assert.NotNull(stored);
        Assert.Contains("9", stored.StateJson);
    }
}

/// <summary>The runtime guarantees on a real PostgreSQL (a fresh schema per test class instance).</summary>
public sealed class PostgresGrainRuntimeTests : GrainRuntimeTests, IAsyncLifetime
{
    private Loyalty.Tests.Support.PostgresTestSchema _schema = null!;
    private IGrainStorage _storage = null!;

    protected override IGrainStorage Storage => _storage;

    public async Task InitializeAsync()
    {
        _schema = await Loyalty.Tests.Support.PostgresTestSchema.CreateMigratedAsync();
        _storage = new Loyalty.Storage.Postgres.PostgresGrainStorage(_schema.DataSource);
    }

    public async Task DisposeAsync() => await _schema.DisposeAsync();
}
