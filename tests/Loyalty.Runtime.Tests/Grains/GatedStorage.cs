using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>
/// Storage whose writes can be held at a gate (so a test can act while a commit is in flight), refused for one grain
/// type, and counted by grain type.
/// </summary>
public sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _writes = new();
    private TaskCompletionSource _gate = Open();
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

    public async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<GrainWrite> writes, CancellationToken ct = default)
    {
        _reached.TrySetResult();
        await _gate.Task;
        foreach (var write in writes)
        {
            _writes.AddOrUpdate(write.Id.Type, 1, (_, n) => n + 1);
        }
        var refused = RefuseType;
        var accepted = writes.Where(w => w.Id.Type != refused).ToList();
        var results = new Queue<WriteResult>(await inner.WriteBatchAsync(accepted, ct));
        return writes.Select(w => w.Id.Type == refused ? new WriteResult(WriteOutcome.VersionConflict, "refused by the test") : results.Dequeue()).ToList();
    }

    private int _reads;

    /// <summary>Read round trips that reached the storage.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(id, ct);
    }

    public Task<IReadOnlyList<StoredGrain?>> ReadManyAsync(IReadOnlyList<GrainId> ids, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadManyAsync(ids, ct);
    }

    public Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<GrainId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadManyWithOwnersAsync(ids, ownerTypes, ct);
    }

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default) => inner.ReadDocumentAsync(collection, id, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default) =>
        inner.ReadLedgerAsync(account, limit, beforeSequence, ct);

    public Task<IReadOnlyList<GrainId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default) =>
        inner.ReadDueAsync(job, until, limit, ct);

    public Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
