using System.Collections.Concurrent;
using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Tests.Support;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>An answer means committed: a silo that dies loses nothing acknowledged, and its grains come back elsewhere.</summary>
public sealed class SiloFailureTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task When_a_silo_dies_its_grains_reactivate_on_the_other_from_their_last_commit(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 2);
        var placed = new List<(string Key, CounterValue Value)>();
        for (var i = 0; i < 20; i++)
        {
            placed.Add(($"k{i}", await cluster.Grain<ICounterGrain>($"k{i}").Add(new AddRequest("a", i + 1))));
        }
        var doomed = cluster.Silos[1];
        var onDoomed = placed.Where(p => cluster.SiloOf(p.Value.Silo) == doomed).ToList();
        Assert.NotEmpty(onDoomed);

        await cluster.KillAsync(doomed);

        foreach (var (key, before) in onDoomed)
        {
            var after = await RetryUntilAnsweredAsync(() => cluster.Grain<ICounterGrain>(key).Get());
            Assert.Equal(before.Value, after.Value);
            Assert.NotEqual(before.Silo, after.Silo);
        }
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task Every_acknowledged_change_survives_a_silo_killed_under_load(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store, silos: 2);
        var acknowledged = new ConcurrentBag<(string Key, string Operation)>();
        var started = 0;
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{(worker + n) % 40}";
                var operation = $"{worker}-{n}";
                Interlocked.Increment(ref started);
                try
                {
                    await cluster.Grain<ICounterGrain>(key).Add(new AddRequest(operation, 1));
                    acknowledged.Add((key, operation));
                }
                catch (Exception)
                {
                    // Unanswered (the silo died meanwhile): it may or may not have committed, the ledger says which.
                }
            }
        })).ToList();

        await Condition.WaitAsync(() => acknowledged.Count >= 200, "200 acknowledged changes");
        await cluster.KillAsync(cluster.Silos[1]);
        await Condition.WaitAsync(() => acknowledged.Count >= 600, "the load to go on on the survivor", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        foreach (var group in acknowledged.GroupBy(a => a.Key))
        {
            var ledger = (await store.Store.ReadLedgerAsync($"counter:{group.Key}", 100_000)).Select(e => e.Row).ToList();
            var booked = ledger.Select(r => r.OperationId).ToHashSet();
            Assert.All(group, a => Assert.Contains(a.Operation, booked));
            var counter = await RetryUntilAnsweredAsync(() => cluster.Grain<ICounterGrain>(group.Key).Get());
            // Nothing lost, nothing doubled: the state is exactly its ledger.
            Assert.Equal(ledger.Count, counter.Value);
            Assert.Equal(ledger.Sum(r => r.PointsDelta), counter.Value);
        }
    }

    /// <summary>While the cluster has not yet declared the silo dead, calls routed to it fail; they are retried.</summary>
    private static async Task<T> RetryUntilAnsweredAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }
        }
    }
}
