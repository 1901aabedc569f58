using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Persistence;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>Turn-based grains and group commit: concurrent calls never lose an update, and commits are shared.</summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_thousand_concurrent_calls_on_one_grain_end_with_the_exact_total(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated);
        var counter = cluster.Grain<ICounterGrain>("one");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => counter.Add(new AddRequest($"op-{i}", 1))));

        Assert.Equal(1000, (await counter.Get()).Value);
        Assert.Equal(1000, (await store.Store.ReadLedgerAsync("counter:one", 2000)).Count);
        Assert.Equal(1000, gated.WritesOf(CounterGrainBase.Type));
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_reentrant_grain_commits_concurrent_calls_together_and_loses_none(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated);
        var counter = cluster.Grain<IHotCounterGrain>("hot");

        // The first call's write is held in flight while the other 999 calls run against memory.
        gated.Hold();
        var first = counter.Add(new AddRequest("op-0", 1));
        await gated.Reached;
        var rest = Enumerable.Range(1, 999).Select(i => counter.Add(new AddRequest($"op-{i}", 1))).ToList();
        while (await counter.Uncommitted() != 1000)
        {
            await Task.Yield();
        }
        Assert.DoesNotContain(rest, call => call.IsCompleted);
        gated.Release();
        var answers = await Task.WhenAll([first, .. rest]);

        Assert.Equal(1000, (await counter.Get()).Value);
        // Every answer saw a different total: each call ran alone on the state.
        Assert.Equal(1000, answers.Select(a => a.Value).Distinct().Count());
        Assert.Equal(1000, (await store.Store.ReadLedgerAsync("counter:hot", 2000)).Count);
        // The calls that ended while that write was in flight shared the next one.
        Assert.Equal(2, gated.WritesOf("hot-counter"));
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task Five_hundred_writes_to_five_hundred_grains_share_few_round_trips(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 1);
        var committer = cluster.ServiceOf<GroupCommitter>(cluster.Silos[0]);
        var before = committer.Batches;

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => cluster.Grain<ICounterGrain>($"g{i}").Add(new AddRequest("op", 5))));

        Assert.Equal(500, committer.Writes);
        Assert.True(committer.Batches - before < 250, $"{committer.Batches - before} round trips for 500 grain writes");
        foreach (var i in new[] { 0, 250, 499 })
        {
            Assert.Equal(5, (await cluster.Grain<ICounterGrain>($"g{i}").Get()).Value);
        }
    }

    [Fact]
    public async Task Calls_to_one_grain_wait_for_the_running_call_to_commit()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        var counter = cluster.Grain<ICounterGrain>("slow");
        await counter.Add(new AddRequest("warm", 1));

        gated.Hold();
        var first = counter.Add(new AddRequest("a", 1));
        await gated.Reached;
        var second = counter.Add(new AddRequest("b", 1));
        // The first is held at its commit, so it is not answered, and the second cannot run before it (non-reentrant).
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        gated.Release();

        Assert.Equal(2, (await first).Value);
        Assert.Equal(3, (await second).Value);
    }
}
