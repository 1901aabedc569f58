using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// Gathers the state reads of grains being activated and reads them together: one storage round trip per batch,
/// the next batch taken as soon as a reader is free (no timer). With a single read queued it reads just that one,
/// so an idle system waits no longer than before; under load many cold grains share one statement.
/// </summary>
/// <remarks>
/// Owner prefetch: a grain registered with an owner type (a card, owned by a member) is read together with its owner,
/// and the owner's state is kept for a moment for the activation that nearly always follows (the checkout goes from
/// the card to its member): one database round trip less on a cold checkout. An owner already active is not kept; a
/// kept state is dropped when taken, when older than <see cref="PrefetchLifetime"/>, and when that grain is
/// deactivated. A kept state that turned stale anyway (another silo wrote meanwhile) fails its first commit on the
/// version check and is reloaded, like any stale activation.
/// </remarks>
public sealed class GroupReader : IAsyncDisposable
{
    private static readonly Histogram<int> BatchSizes = LoyaltyMeter.Meter.CreateHistogram<int>(
        "loyalty.runtime.read.batch_size", "{read}", "Grain states read in one storage round trip");
    private static readonly Histogram<double> BatchDurations = LoyaltyMeter.Meter.CreateHistogram<double>(
        "loyalty.runtime.read.duration", "s", "Time of one group read round trip");

    private static readonly TimeSpan PrefetchLifetime = TimeSpan.FromSeconds(2);
    private const int PrefetchSweepAbove = 10_000;

    private readonly IGrainStorage _storage;
    private readonly int _maxBatch;
    private readonly Func<string, string?> _ownerTypeOf;
    private readonly Func<GrainId, bool> _isActive;
    private readonly ConcurrentDictionary<GrainId, Prefetched> _prefetched = new();
    private int _prefetchedCount;
    private long _prefetchHits;
    private readonly Channel<PendingRead> _queue = Channel.CreateUnbounded<PendingRead>();
    private readonly Task[] _readers;
    private long _batches;
    private long _reads;

    private sealed record PendingRead(GrainId Id, TaskCompletionSource<StoredGrain?> Completion);

    private sealed record Prefetched(StoredGrain State, long ReadAt);

    public GroupReader(IGrainStorage storage, int maxBatchSize, int concurrency, Func<string, string?>? ownerTypeOf = null,
        Func<GrainId, bool>? isActive = null)
    {
        _storage = storage;
        _maxBatch = Math.Max(1, maxBatchSize);
        _ownerTypeOf = ownerTypeOf ?? (_ => null);
        _isActive = isActive ?? (_ => false);
        _readers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(ReadLoopAsync)).ToArray();
    }

    /// <summary>Storage round trips made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Grain states read (or failed to read) so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Activations that found their state read ahead with their owned grain (no round trip of their own).</summary>
    public long PrefetchHits => Interlocked.Read(ref _prefetchHits);

    /// <summary>Reads waiting for a free reader loop: the backlog the next batches will take.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>The grain's stored state, or null when it was never stored.</summary>
    public Task<StoredGrain?> ReadAsync(GrainId id)
    {
        if (_prefetched.TryRemove(id, out var kept))
        {
            Interlocked.Decrement(ref _prefetchedCount);
            if (Stopwatch.GetElapsedTime(kept.ReadAt) < PrefetchLifetime)
            {
                Interlocked.Increment(ref _prefetchHits);
                return Task.FromResult<StoredGrain?>(kept.State);
            }
        }
        var pending = new PendingRead(id, new TaskCompletionSource<StoredGrain?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupReader));
        }
        return pending.Completion.Task;
    }

    private async Task ReadLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingRead>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                var ownerTypes = batch.Select(p => _ownerTypeOf(p.Id.Type)).ToArray();
                var results = ownerTypes.Any(t => t is not null)
                    ? await _storage.ReadManyWithOwnersAsync(batch.Select(p => p.Id).ToArray(), ownerTypes).ConfigureAwait(false)
                    : (await _storage.ReadManyAsync(batch.Select(p => p.Id).ToArray()).ConfigureAwait(false)).Select(g => new StoredWithOwner(g)).ToList();
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"Storage answered {results.Count} reads for {batch.Count} grains.");
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i] is { Owner: { } owner, OwnerKey: { } ownerKey })
                    {
                        Keep(new GrainId(ownerTypes[i]!, ownerKey), owner);
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
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _reads, batch.Count);
            BatchSizes.Record(batch.Count);
            BatchDurations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Drops a kept state: its grain was deactivated, so the state it read may be older than its last commit.</summary>
    public void Forget(GrainId id)
    {
        if (_prefetched.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _prefetchedCount);
        }
    }

    private void Keep(GrainId owner, StoredGrain state)
    {
        if (_isActive(owner))
        {
            return;
        }
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_readers).ConfigureAwait(false);
    }
}
