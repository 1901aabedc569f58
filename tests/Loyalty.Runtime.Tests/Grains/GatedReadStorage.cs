using System.Collections.Concurrent;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>
/// Storage whose batched reads can be held at a gate (so a test decides what queues up behind them), counted,
/// and made to fail. Everything else goes straight to the inner storage.
/// </summary>
public sealed class GatedReadStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentQueue<int> _batchSizes = new();
    private TaskCompletionSource _gate = Open();
    private int _idsWaiting;
    private int _singleReads;

    /// <summary>While true, every batched read fails (after the gate) as if the database went away.</summary>
    public volatile bool FailReads;

    /// <summary>Ids of the batched reads currently held at the gate.</summary>
    public int IdsWaiting => Volatile.Read(ref _idsWaiting);

    /// <summary>Size of each <see cref="ReadManyAsync"/> call, in arrival order.</summary>
    public IReadOnlyList<int> BatchSizes => _batchSizes.ToArray();

    /// <summary>Calls of the single-grain <see cref="ReadAsync"/>.</summary>
    public int SingleReads => Volatile.Read(ref _singleReads);

    public void Hold() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Volatile.Read(ref _gate).TrySetResult();

    public async Task<IReadOnlyList<StoredGrain?>> ReadManyAsync(IReadOnlyList<GrainId> ids, CancellationToken ct = default)
    {
        _batchSizes.Enqueue(ids.Count);
        Interlocked.Add(ref _idsWaiting, ids.Count);
        try
        {
            await Volatile.Read(ref _gate).Task.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Add(ref _idsWaiting, -ids.Count);
        }
        if (FailReads)
        {
            throw new IOException("the database went away");
        }
        return await inner.ReadManyAsync(ids, ct);
    }

    public Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _singleReads);
        return inner.ReadAsync(id, ct);
    }

    public Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<GrainWrite> writes, CancellationToken ct = default) =>
        inner.WriteBatchAsync(writes, ct);

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default) =>
        inner.ReadDocumentAsync(collection, id, ct);

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
