using System.Diagnostics;
using System.Diagnostics.Metrics;
using Loyalty.Grains;
using Loyalty.Grains.Jobs;
using Loyalty.Grains.Members;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Jobs;

/// <summary>
/// Wakes the grains whose scheduled jobs are due (architecture guarantee 11). Each pass reads the indexed due-date
/// table job by job, page by page, and calls <see cref="IMemberGrain.RunJob"/> on those grains only, with bounded
/// parallelism; grains that are not due are never read or activated. The due table is durable and a job moves its
/// own row when it runs, so a restarted silo simply continues where the last pass stopped. The cluster runs passes
/// through <see cref="Cluster.JobSchedulerGrain"/> (one per cluster, on a grain timer); tests call
/// <see cref="RunOnceAsync"/> directly.
/// </summary>
public sealed partial class JobScheduler(
    IGrainFactory grains,
    ILedgerStore storage,
    TimeProvider time,
    IOptions<JobSchedulerOptions> options,
    ILogger<JobScheduler> logger)
{
    private const string MemberType = StateTypes.Member;

    private static readonly Counter<long> Runs = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.jobs.runs", "{run}", "Scheduled job runs by job and outcome (changed, unchanged, failed)");

    private static readonly Histogram<double> PassDuration = LoyaltyMeter.SecondsHistogram(
        "loyalty.jobs.pass.duration", "Duration of one scheduler pass over all jobs");

    // Passes of this process never overlap (the cluster grain already runs one at a time; tests call in directly).
    private readonly SemaphoreSlim _gate = new(1, 1);

    private JobSchedulerOptions Options => options.Value;

    /// <summary>Runs every job due now, once; answers the counts per job.</summary>
    public async Task<JobPassReport> RunOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var now = time.GetUtcNow();
            var counts = new Dictionary<string, JobCounts>();
            foreach (var job in JobNames.All)
            {
                counts[job] = await RunJobAsync(job, now, ct);
            }
            PassDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            var report = new JobPassReport(now, counts);
            if (counts.Values.Any(c => c.Due > 0))
            {
                LogPass(counts.Values.Sum(c => c.Due), counts.Values.Sum(c => c.Changed), counts.Values.Sum(c => c.Failed));
            }
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<JobCounts> RunJobAsync(string job, DateTimeOffset now, CancellationToken ct)
    {
        var batch = Math.Max(1, Options.BatchSize);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = ct };
        // A grain that ran moves its row past now (or deletes it), so the next read starts with new grains. One that
        // failed keeps its row; it is not retried in this pass, and reads widen past such rows so they block nothing.
        var tried = new HashSet<StateId>();
        int due = 0, changed = 0, failed = 0, stuck = 0;
        while (true)
        {
            var limit = batch + stuck;
            var page = await storage.ReadDueAsync(job, now, limit, ct);
            var fresh = page.Where(id => !tried.Contains(id)).ToList();
            stuck = page.Count - fresh.Count;
            if (fresh.Count == 0)
            {
                break;
            }
            tried.UnionWith(fresh);
            await Parallel.ForEachAsync(fresh, parallel, async (id, token) =>
            {
                var outcome = "failed";
                try
                {
                    if (id.Type != MemberType)
                    {
                        LogUnknownGrainType(job, id.Type);
                        Interlocked.Increment(ref failed);
                        return;
                    }
                    var result = await grains.GetGrain<IMemberGrain>(id.Key).RunJob(new RunMemberJob(job, now));
                    Interlocked.Increment(ref due);
                    outcome = result.Changed ? "changed" : "unchanged";
                    if (result.Changed)
                    {
                        Interlocked.Increment(ref changed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref due);
                    Interlocked.Increment(ref failed);
                    LogJobFailed(job, id.Key, e);
                }
                finally
                {
                    Runs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));
                }
            });
            if (page.Count < limit)
            {
                break;
            }
        }
        return new JobCounts(due, changed, failed);
    }

    [LoggerMessage(EventId = LogEvents.JobPass, Level = LogLevel.Information, Message = "Scheduled jobs: {Due} due, {Changed} changed, {Failed} failed")]
    private partial void LogPass(int due, int changed, int failed);

    [LoggerMessage(EventId = LogEvents.JobFailed, Level = LogLevel.Warning, Message = "Job {Job} failed for member {MemberId}; it stays due and is retried next pass")]
    private partial void LogJobFailed(string job, string memberId, Exception exception);

    [LoggerMessage(EventId = LogEvents.JobWithoutHandler, Level = LogLevel.Warning, Message = "Job {Job} is due for a grain of type {GrainType}, which has no jobs")]
    private partial void LogUnknownGrainType(string job, string grainType);
}
