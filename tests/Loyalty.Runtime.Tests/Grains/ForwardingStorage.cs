using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>
/// Base of the test storages that wrap a real one: everything goes to the inner storage unless a test storage
/// overrides it (so a new storage method is forwarded everywhere, not lost by one wrapper).
/// </summary>
public abstract class ForwardingStorage(IGrainStorage inner) : IGrainStorage
{
    protected IGrainStorage Inner { get; } = inner;

    public virtual Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken ct = default) => Inner.ReadAsync(id, ct);

    public virtual Task<IReadOnlyList<StoredGrain?>> ReadManyAsync(IReadOnlyList<GrainId> ids, CancellationToken ct = default) =>
        Inner.ReadManyAsync(ids, ct);

    public virtual Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<GrainId> ids,
        IReadOnlyList<string?> ownerTypes, CancellationToken ct = default) => Inner.ReadManyWithOwnersAsync(ids, ownerTypes, ct);

    public virtual Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<GrainWrite> writes, CancellationToken ct = default) =>
        Inner.WriteBatchAsync(writes, ct);

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default) =>
        Inner.ReadDocumentAsync(collection, id, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default) =>
        Inner.ReadLedgerAsync(account, limit, beforeSequence, ct);

    public Task<IReadOnlyList<GrainId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default) =>
        Inner.ReadDueAsync(job, until, limit, ct);

    public Task<bool> PingAsync(CancellationToken ct = default) => Inner.PingAsync(ct);

    /// <summary>A gate that is open from the start.</summary>
    protected static TaskCompletionSource OpenGate()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
