using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>
/// A write that relied on other grains' writes (a member's on its household's) joins the group commit only once they
/// are durable, and is never made when one of them was lost.
/// </summary>
public sealed class GroupCommitterTests
{
    private static StateWrite Write(string key) => new(new StateId("member", key), 0, """{"points":5}""", new GrainSummary(Points: 5),
        [new LedgerRow($"member:{key}", "op-1", "checkout", DateTimeOffset.UnixEpoch, PointsDelta: 5, PointsAfter: 5)], [], []);

    [Fact]
    public async Task A_write_waits_for_its_dependencies_then_commits()
    {
        var store = new InMemoryLedgerStore();
        await using var committer = new GroupCommitter(store, maxBatchSize: 16, concurrency: 1);
        var household = new TaskCompletionSource();

        var commit = committer.CommitAsync(Write("m1"), [Task.CompletedTask, household.Task]);
        // Not even queued while the household's write is in flight.
        Assert.False(commit.IsCompleted);
        Assert.Equal(0, committer.Writes);
        Assert.Null(await store.ReadAsync(new StateId("member", "m1")));

        household.SetResult();
        Assert.Equal(WriteOutcome.Committed, (await commit).Outcome);
        Assert.NotNull(await store.ReadAsync(new StateId("member", "m1")));
        Assert.Single(await store.ReadLedgerAsync("member:m1", 10));
    }

    [Fact]
    public async Task A_write_whose_dependency_was_lost_fails_and_writes_nothing()
    {
        var store = new InMemoryLedgerStore();
        await using var committer = new GroupCommitter(store, maxBatchSize: 16, concurrency: 1);
        var household = new TaskCompletionSource();

        var commit = committer.CommitAsync(Write("m2"), [household.Task]);
        household.SetException(new GrainConflictException("household: version conflict"));

        await Assert.ThrowsAsync<GrainConflictException>(() => commit);
        Assert.Null(await store.ReadAsync(new StateId("member", "m2")));
        Assert.Empty(await store.ReadLedgerAsync("member:m2", 10));
        Assert.Equal(0, committer.Writes);
    }
}
