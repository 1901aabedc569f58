using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// Gathers the state reads of grains being activated and reads them together: one storage round trip per batch,
/// the next batch taken as soon as a reader is free (no timer). With a single read queued it reads just that one,
/// so an idle system waits no longer than before; under load many cold grains share one statement.
/// </summary>
public sealed class GroupReader : IAsyncDisposable
{
    private static readonly Histogram<int> BatchSizes = LoyaltyMeter.Meter.CreateHistogram<int>(
        "loyalty.runtime.read.batch_size", "{read}", "Grain states read in one storage round trip");
    private static readonly Histogram<double> BatchDurations = LoyaltyMeter.Meter.CreateHistogram<double>(
        "loyalty.runtime.read.duration", "s", "Time of one group read round trip");

    private readonly IGrainStorage _storage;
    private readonly int _maxBatch;
    private readonly Channel<PendingRead> _queue = Channel.CreateUnbounded<PendingRead>();
    private readonly Task[] _readers;
    private long _batches;
    private long _reads;

    private sealed record PendingRead(GrainId Id, TaskCompletionSource<StoredGrain?> Completion);

    public GroupReader(IGrainStorage storage, int maxBatchSize, int concurrency)
    {
        _storage = storage;
        _maxBatch = Math.Max(1, maxBatchSize);
        _readers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(ReadLoopAsync)).ToArray();
    }

    /// <summary>Storage round trips made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Grain states read (or failed to read) so far.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Reads waiting for a free reader loop: the backlog the next batches will take.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>The grain's stored state, or null when it was never stored.</summary>
    public Task<StoredGrain?> ReadAsync(GrainId id)
    {
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

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var results = await _storage.ReadManyAsync(batch.Select(p => p.Id).ToArray()).ConfigureAwait(false);
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"Storage answered {results.Count} reads for {batch.Count} grains.");
                }
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
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
            BatchDurations.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_readers).ConfigureAwait(false);
    }
}
