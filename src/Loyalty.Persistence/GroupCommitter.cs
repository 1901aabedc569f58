using System.Diagnostics.Metrics;
using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>
/// Gathers the writes of many grains and commits them together: one storage round trip per batch, the next
/// batch taken as soon as a writer is free (no timer). Each write keeps its own outcome.
/// </summary>
public sealed class GroupCommitter(ILedgerStore storage, int maxBatchSize, int concurrency)
    : GroupBatcher<GroupCommitter.PendingWrite>(maxBatchSize, concurrency, BatchSizes, BatchDurations)
{
    private static readonly Histogram<int> BatchSizes = LoyaltyMeter.BatchSizeHistogram(
        "loyalty.storage.commit.batch_size", "{write}", "Grain writes committed in one storage round trip");
    private static readonly Histogram<double> BatchDurations = LoyaltyMeter.SecondsHistogram(
        "loyalty.storage.commit.duration", "Time of one group commit round trip");

    public sealed record PendingWrite(StateWrite Write, TaskCompletionSource<WriteResult> Completion);

    /// <summary>Grain writes committed or refused so far.</summary>
    public long Writes => Requests;

    /// <summary>
    /// Commits <paramref name="write"/> in the first batch after every one of <paramref name="dependencies"/> (other
    /// grains' writes it relied on) is durable; fails with the first dependency's error if one was lost.
    /// </summary>
    /// <remarks>The task completes on the commit loop: whatever awaits it must be short and never block.</remarks>
    public Task<WriteResult> CommitAsync(StateWrite write, IReadOnlyCollection<Task>? dependencies = null)
    {
        // Continuations run on the commit loop, before it takes its next batch: they are the grains' own short
        // bookkeeping (answer the waiting calls, queue the next write), so the writes a commit unblocks (the grain's
        // next write, its callers' writes that waited for it) join the very next batch instead of one round trip
        // later, with no thread-pool hand-off per write. Callers outside the runtime are answered asynchronously.
        var pending = new PendingWrite(write, new TaskCompletionSource<WriteResult>());
        if (dependencies is null || dependencies.All(d => d.IsCompletedSuccessfully))
        {
            Enqueue(pending);
        }
        else
        {
            // Queued by whichever thread makes the last dependency durable: for a write of this silo, that is this
            // commit loop, before it takes its next batch.
            Task.WhenAll(dependencies).ContinueWith(done =>
                {
                    if (!done.IsCompletedSuccessfully)
                    {
                        pending.Completion.TrySetException(done.Exception?.InnerExceptions ?? [new TaskCanceledException(done)]);
                        return;
                    }
                    try
                    {
                        Enqueue(pending);
                    }
                    catch (ObjectDisposedException e)
                    {
                        pending.Completion.TrySetException(e);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return pending.Completion.Task;
    }

    protected override async Task RunBatchAsync(List<PendingWrite> batch)
    {
        try
        {
            var results = await storage.WriteBatchAsync(batch.Select(p => p.Write).ToArray()).ConfigureAwait(false);
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
    }
}
