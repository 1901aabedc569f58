using System.Collections.Concurrent;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime.Tests.Grains;

/// <summary>
/// Storage whose batched reads can be held at a gate (so a test decides what queues up behind them), counted,
/// and made to fail. Everything else goes straight to the inner storage.
/// </summary>
public sealed class GatedReadStorage(IGrainStorage inner) : ForwardingStorage(inner)
{
    private readonly ConcurrentQueue<int> _batchSizes = new();
    private TaskCompletionSource _gate = OpenGate();
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

    public override async Task<IReadOnlyList<StoredGrain?>> ReadManyAsync(IReadOnlyList<GrainId> ids, CancellationToken ct = default)
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
        return await Inner.ReadManyAsync(ids, ct);
    }

    // Batched reads with owners go through the gate too (the test grains read here have no owner type).
    public override async Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<GrainId> ids,
        IReadOnlyList<string?> ownerTypes, CancellationToken ct = default) =>
        (await ReadManyAsync(ids, ct)).Select(grain => new StoredWithOwner(grain)).ToList();

    public override Task<StoredGrain?> ReadAsync(GrainId id, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _singleReads);
        return Inner.ReadAsync(id, ct);
    }
}
