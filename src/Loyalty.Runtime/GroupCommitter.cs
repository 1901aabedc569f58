using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// Gathers the writes of many grains and commits them together: one storage round trip per batch, the next
/// batch taken as soon as a writer is free (no timer). Each write keeps its own outcome.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private static readonly Histogram<int> BatchSizes = LoyaltyMeter.Meter.CreateHistogram<int>(
        "loyalty.runtime.commit.batch_size", "{write}", "Grain writes committed in one storage round trip");
    private static readonly Histogram<double> BatchDurations = LoyaltyMeter.Meter.CreateHistogram<double>(
        "loyalty.runtime.commit.duration", "s", "Time of one group commit round trip");

    private readonly IGrainStorage _storage;
    private readonly int _maxBatch;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _writers;
    private long _batches;
    private long _writes;

    private sealed record PendingWrite(GrainWrite Write, TaskCompletionSource<WriteResult> Completion);

    public GroupCommitter(IGrainStorage storage, int maxBatchSize, int concurrency)
    {
        _storage = storage;
        _maxBatch = Math.Max(1, maxBatchSize);
        _writers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Storage round trips (transactions) made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Grain writes committed or refused so far.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    public Task<WriteResult> CommitAsync(GrainWrite write)
    {
        var pending = new PendingWrite(write, new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitter));
        }
        return pending.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingWrite>(_maxBatch);
        var writes = new List<GrainWrite>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            writes.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                writes.Add(pending.Write);
            }
            if (batch.Count == 0)
            {
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var results = await _storage.WriteBatchAsync(writes.ToArray()).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _writes, batch.Count);
            BatchSizes.Record(batch.Count);
            BatchDurations.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }
}
