using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Persistence;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>
/// Orleans can briefly run two activations of one grain (a partition, a silo declared dead too early). Here two
/// clusters that do not know each other share one store, so each holds its own activation of the same grain: the
/// storage version is the fence, and the stale activation's write is refused, never lost or doubled.
/// </summary>
public sealed class StaleActivationTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_stale_activations_write_is_refused_and_a_retry_applies_it_once(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var east = await LedgeredCluster.StartAsync(store.Store, silos: 1, clusterId: "east");
        await using var west = await LedgeredCluster.StartAsync(store.Store, silos: 1, clusterId: "west");

        Assert.Equal(1, (await east.Grain<ICounterGrain>("k").Add(new AddRequest("e1", 1))).Value);
        Assert.Equal(2, (await west.Grain<ICounterGrain>("k").Add(new AddRequest("w1", 1))).Value);

        // East's activation still holds version 1: its write must not overwrite west's.
        await Assert.ThrowsAsync<GrainConflictException>(() => east.Grain<ICounterGrain>("k").Add(new AddRequest("e2", 1)));

        // The stale activation was dropped; the retry reads the stored state and applies the change once.
        Assert.Equal(3, (await east.Grain<ICounterGrain>("k").Add(new AddRequest("e2", 1))).Value);
        Assert.Equal(["e1", "e2", "w1"], (await store.Store.ReadLedgerAsync("counter:k", 10)).Select(e => e.Row.OperationId).Order());
    }
}
