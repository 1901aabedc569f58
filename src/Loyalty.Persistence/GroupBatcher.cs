using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Loyalty.Persistence;

/// <summary>
/// The loop shared by the group commit and the group read: requests queue up, and each of a few loops takes
/// everything queued (up to a batch) as soon as it is free, so one storage round trip serves many requests.
/// There is no timer: a lone request goes at once, so an idle system waits no longer than without batching.
/// </summary>
public abstract class GroupBatcher<TRequest> : IAsyncDisposable
{
    private readonly Channel<TRequest> _queue = Channel.CreateUnbounded<TRequest>();
    private readonly int _maxBatch;
    private readonly Histogram<int> _sizes;
    private readonly Histogram<double> _durations;
    private readonly Task[] _loops;
    private long _batches;
    private long _requests;

    protected GroupBatcher(int maxBatchSize, int concurrency, Histogram<int> sizes, Histogram<double> durations)
    {
        _maxBatch = Math.Max(1, maxBatchSize);
        _sizes = sizes;
        _durations = durations;
        _loops = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    /// <summary>Storage round trips made so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Requests served (or failed) so far.</summary>
    protected long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests waiting for a free loop: the backlog the next batches will take.</summary>
    public int Queued => _queue.Reader.Count;

    protected void Enqueue(TRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(GetType().Name);
        }
    }

    /// <summary>One round trip for the batch; answers or fails every request in it, and never throws.</summary>
    protected abstract Task RunBatchAsync(List<TRequest> batch);

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<TRequest>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            await RunBatchAsync(batch).ConfigureAwait(false);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _requests, batch.Count);
            _sizes.Record(batch.Count);
            _durations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
