using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Tests.TestGrains;

/// <summary>
/// Base of the test storages that wrap a real one: everything goes to the inner storage unless a test storage
/// overrides it (so a new storage method is forwarded everywhere, not lost by one wrapper).
/// </summary>
public abstract class ForwardingStorage(ILedgerStore inner) : ILedgerStore
{
    protected ILedgerStore Inner { get; } = inner;

    public virtual Task<StoredState?> ReadAsync(StateId id, CancellationToken ct = default) => Inner.ReadAsync(id, ct);

    public virtual Task<IReadOnlyList<StoredState?>> ReadManyAsync(IReadOnlyList<StateId> ids, CancellationToken ct = default) =>
        Inner.ReadManyAsync(ids, ct);

    public virtual Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<StateId> ids,
        IReadOnlyList<string?> ownerTypes, CancellationToken ct = default) => Inner.ReadManyWithOwnersAsync(ids, ownerTypes, ct);

    public virtual Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default) =>
        Inner.WriteBatchAsync(writes, ct);

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default) =>
        Inner.ReadDocumentAsync(collection, id, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default) =>
        Inner.ReadLedgerAsync(account, limit, beforeSequence, ct);

    public Task<IReadOnlyList<StateId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default) =>
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
