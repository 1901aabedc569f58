using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Tests.TestGrains;

/// <summary>
/// Storage whose writes can be held at a gate (so a test can act while a commit is in flight), refused for one grain
/// type, and counted by grain type.
/// </summary>
public sealed class GatedStorage(ILedgerStore inner) : ForwardingStorage(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _writes = new();
    private TaskCompletionSource _gate = OpenGate();
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held write has reached the storage.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Holds the next writes until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _gate.TrySetResult();

    /// <summary>Writes of grains of this type are refused with a version conflict while set.</summary>
    public string? RefuseType { get; set; }

    /// <summary>Grain writes of one type that reached the storage (each is one commit of one grain).</summary>
    public int WritesOf(string type) => _writes.GetValueOrDefault(type);

    public override async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
    {
        _reached.TrySetResult();
        await _gate.Task;
        foreach (var write in writes)
        {
            _writes.AddOrUpdate(write.Id.Type, 1, (_, n) => n + 1);
        }
        var refused = RefuseType;
        var accepted = writes.Where(w => w.Id.Type != refused).ToList();
        var results = new Queue<WriteResult>(await Inner.WriteBatchAsync(accepted, ct));
        return writes.Select(w => w.Id.Type == refused ? new WriteResult(WriteOutcome.VersionConflict, "refused by the test") : results.Dequeue()).ToList();
    }

    private int _reads;

    /// <summary>Read round trips that reached the storage.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public override Task<StoredState?> ReadAsync(StateId id, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadAsync(id, ct);
    }

    public override Task<IReadOnlyList<StoredState?>> ReadManyAsync(IReadOnlyList<StateId> ids, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadManyAsync(ids, ct);
    }

    public override Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<StateId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadManyWithOwnersAsync(ids, ownerTypes, ct);
    }
}
