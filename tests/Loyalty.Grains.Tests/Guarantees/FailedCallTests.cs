using Loyalty.Domain;
using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>A call that throws leaves no trace in memory or storage.</summary>
public sealed class FailedCallTests
{
    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_call_that_throws_after_changing_the_state_leaves_no_trace(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var counter = cluster.Grain<ICounterGrain>("c");
        await counter.Add(new AddRequest("a", 5));
        var stored = await store.Store.ReadAsync(new StateId("counter", "c"));

        await Assert.ThrowsAnyAsync<Exception>(() => counter.Add(new AddRequest("b", 7, FailAfterChange: true)));

        Assert.Equal(new CounterValue(5, 1, (await counter.Get()).Silo), await counter.Get());
        Assert.Equal(stored, await store.Store.ReadAsync(new StateId("counter", "c")));
        Assert.Single(await store.Store.ReadLedgerAsync("counter:c", 10));
        // The grain goes on from its last good state.
        Assert.Equal(8, (await counter.Add(new AddRequest("c", 3))).Value);
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_refused_call_reaches_the_caller_with_its_code_and_changes_nothing(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        await using var cluster = await LedgeredCluster.StartAsync(store.Store);
        var counter = cluster.Grain<ICounterGrain>("r");
        await counter.Add(new AddRequest("a", 5));

        // The client reaches the silo through its gateway: the error crossed the wire.
        var refused = await Assert.ThrowsAsync<DomainException>(() => counter.Add(new AddRequest("zero", 0)));

        Assert.Equal("validation", refused.Code);
        Assert.Equal("Nothing to add.", refused.Message);
        Assert.Equal(5, (await counter.Get()).Value);
        Assert.Single(await store.Store.ReadLedgerAsync("counter:r", 10));
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_failed_call_behind_uncommitted_calls_keeps_their_state(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        var counter = cluster.Grain<IHotCounterGrain>("h");
        await counter.Add(new AddRequest("warm", 1));

        gated.Hold();
        var inFlight = counter.Add(new AddRequest("a", 10));
        await gated.Reached;
        // Reentrant: these run while the first write is held; the second waits for the next write.
        var pending = counter.Add(new AddRequest("b", 100));
        await Assert.ThrowsAnyAsync<Exception>(() => counter.Add(new AddRequest("c", 1000, FailAfterChange: true)));
        gated.Release();

        Assert.Equal(11, (await inFlight).Value);
        Assert.Equal(111, (await pending).Value);
        Assert.Equal(111, (await counter.Get()).Value);
        Assert.Equal(3, (await store.Store.ReadLedgerAsync("counter:h", 10)).Count);
    }

    [Theory]
    [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
    public async Task A_failed_commit_fails_its_calls_and_the_grain_reloads_what_is_durable(string kind)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        var counter = cluster.Grain<IHotCounterGrain>("f");
        await counter.Add(new AddRequest("warm", 1));

        gated.Hold();
        var inFlight = counter.Add(new AddRequest("a", 10));
        await gated.Reached;
        var behind = counter.Add(new AddRequest("b", 100));
        gated.RefuseType = "hot-counter";
        gated.Release();

        await Assert.ThrowsAsync<Loyalty.Persistence.GrainConflictException>(() => inFlight);
        // The call behind ran on state that was lost with the failed write: it fails too.
        await Assert.ThrowsAsync<Loyalty.Persistence.GrainConflictException>(() => behind);
        gated.RefuseType = null;
        Assert.Equal(1, (await counter.Get()).Value);
        Assert.Equal(2, (await counter.Add(new AddRequest("c", 1))).Value);
    }
}
