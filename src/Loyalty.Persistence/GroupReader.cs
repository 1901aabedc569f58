using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>
/// Gathers the state reads of grains being activated and reads them together: one storage round trip per batch,
/// the next batch taken as soon as a reader is free (no timer). With a single read queued it reads just that one,
/// so an idle system waits no longer than before; under load many cold grains share one statement.
/// </summary>
/// <remarks>
/// Owner prefetch: a grain whose state names an owner type (a card, owned by a member) is read together with its owner,
/// and the owner's state is kept for a moment for the activation that nearly always follows (the checkout goes from
/// the card to its member): one database round trip less on a cold checkout. A kept state is dropped when taken, when
/// older than <see cref="PrefetchLifetime"/>, and when that grain is deactivated. One that turned stale anyway (the
/// owner was active and wrote meanwhile) fails its first commit on the version check and the activation is dropped,
/// like any stale activation.
/// </remarks>
public sealed class GroupReader : GroupBatcher<GroupReader.PendingRead>
{
    private static readonly Histogram<int> BatchSizes = LoyaltyMeter.BatchSizeHistogram(
        "loyalty.storage.read.batch_size", "{read}", "Grain states read in one storage round trip");
    private static readonly Histogram<double> BatchDurations = LoyaltyMeter.SecondsHistogram(
        "loyalty.storage.read.duration", "Time of one group read round trip");
    private static readonly TimeSpan PrefetchLifetime = TimeSpan.FromSeconds(2);
    private const int PrefetchSweepAbove = 10_000;

    private readonly ILedgerStore _storage;
    private readonly bool _prefetchOwners;
    private readonly ConcurrentDictionary<StateId, Prefetched> _prefetched = new();
    private int _prefetchedCount;
    private long _prefetchHits;

    public sealed record PendingRead(StateId Id, string? OwnerType, TaskCompletionSource<StoredState?> Completion);

    private sealed record Prefetched(StoredState State, long ReadAt);

    public GroupReader(ILedgerStore storage, int maxBatchSize, int concurrency, bool prefetchOwners = true)
        : base(maxBatchSize, concurrency, BatchSizes, BatchDurations)
    {
        _storage = storage;
        _prefetchOwners = prefetchOwners;
    }

    /// <summary>Grain states read (or failed to read) so far.</summary>
    public long Reads => Requests;

    /// <summary>Activations that found their state read ahead with their owned grain (no round trip of their own).</summary>
    public long PrefetchHits => Interlocked.Read(ref _prefetchHits);

    /// <summary>
    /// The grain's stored state, or null when it was never stored. With an owner type, the owner named by the grain's
    /// summary is read in the same round trip and kept for its activation.
    /// </summary>
    public Task<StoredState?> ReadAsync(StateId id, string? ownerType = null)
    {
        if (_prefetched.TryRemove(id, out var kept))
        {
            Interlocked.Decrement(ref _prefetchedCount);
            if (Stopwatch.GetElapsedTime(kept.ReadAt) < PrefetchLifetime)
            {
                Interlocked.Increment(ref _prefetchHits);
                return Task.FromResult<StoredState?>(kept.State);
            }
        }
        var pending = new PendingRead(id, _prefetchOwners ? ownerType : null, new TaskCompletionSource<StoredState?>(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(pending);
        return pending.Completion.Task;
    }

    protected override async Task RunBatchAsync(List<PendingRead> batch)
    {
        try
        {
            var ids = batch.Select(p => p.Id).ToArray();
            var ownerTypes = batch.Select(p => p.OwnerType).ToArray();
            var results = ownerTypes.Any(t => t is not null)
                ? await _storage.ReadManyWithOwnersAsync(ids, ownerTypes).ConfigureAwait(false)
                : (await _storage.ReadManyAsync(ids).ConfigureAwait(false)).Select(g => new StoredWithOwner(g)).ToList();
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"Storage answered {results.Count} reads for {batch.Count} grains.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i] is { Owner: { } owner, OwnerKey: { } ownerKey })
                {
                    Keep(new StateId(ownerTypes[i]!, ownerKey), owner);
                }
                batch[i].Completion.TrySetResult(results[i].Grain);
            }
        }
        catch (Exception ex)
        {
            // The activations waiting on this batch fail their queued calls; their next call reads again.
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>Drops a kept state: its grain was deactivated, so the state it read may be older than its last commit.</summary>
    public void Forget(StateId id)
    {
        if (_prefetched.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _prefetchedCount);
        }
    }

    private void Keep(StateId owner, StoredState state)
    {
        if (_prefetched.TryAdd(owner, new Prefetched(state, Stopwatch.GetTimestamp()))
            && Interlocked.Increment(ref _prefetchedCount) > PrefetchSweepAbove)
        {
            // Owners nobody activated (a card looked up, not used at a checkout): drop the old ones.
            foreach (var (id, kept) in _prefetched)
            {
                if (Stopwatch.GetElapsedTime(kept.ReadAt) >= PrefetchLifetime)
                {
                    Forget(id);
                }
            }
        }
    }
}
