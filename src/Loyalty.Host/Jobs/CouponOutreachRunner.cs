using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Domain.Outreach;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Outreach;
using Loyalty.Grains.Program;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Reports;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Jobs;

/// <summary>
/// Runs coupon outreach jobs: members in ordinal id order, a batch at a time; each batch's coupons are issued before
/// the job's cursor and counts move past it. A run stopped anywhere (a failure, a restart) continues after the last
/// counted member, and the members of an uncounted batch are asked again: every member's coupon code is the job's, so
/// one who got it already is answered as holding it and never gets a second. Unfinished jobs resume at start-up.
/// </summary>
public sealed partial class CouponOutreachRunner(
    IGrainFactory grains,
    IReportQueries reports,
    ICouponTemplates templates,
    IProgramProvider programs,
    IOptions<OutreachOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<CouponOutreachRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _running = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    private IOutreachJobIndexGrain Index => grains.GetGrain<IOutreachJobIndexGrain>(OutreachJobIndexGrain.DefaultKey);

    /// <summary>The coupon code of a job: the same for every member (codes are unique per member), short enough for a till.</summary>
    public static string CouponCode(string jobId) =>
        "O" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))[..11];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (!options.Value.AutoRun)
        {
            return;
        }
        // The jobs issue coupons of stored templates: resume them once the catalogues are loaded.
        await lifetime.WhenStartedAsync(stoppingToken);
        foreach (var jobId in (await Index.List(new ListOutreachJobs())).JobIds)
        {
            Start(jobId);
        }
    }

    /// <summary>Records the job as running (resumed at start-up until done) and runs it in the background.</summary>
    public async Task Track(string jobId) => await Index.Track(new TrackOutreachJob(jobId, Running: true));

    /// <summary>Runs the job in the background unless this host runs it already.</summary>
    public void Start(string jobId)
    {
        if (!options.Value.AutoRun)
        {
            return;
        }
        // Lazy: of two racing starts only the stored one runs.
        _ = _running.GetOrAdd(jobId, id => new Lazy<Task>(() => Task.Run(() => RunLogged(id)))).Value;
    }

    private async Task RunLogged(string jobId)
    {
        try
        {
            var job = await RunAsync(jobId, maxBatches: null, _stopping);
            if (job.Status == CouponOutreachGrain.Completed)
            {
                LogCompleted(jobId, job.Processed, job.Issued);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            LogStopped(jobId, e);
        }
        finally
        {
            _running.TryRemove(jobId, out _);
        }
    }

    /// <summary>Runs the job until it is done (or for <paramref name="maxBatches"/> batches) and answers its progress.</summary>
    public async Task<CouponOutreachView> RunAsync(string jobId, int? maxBatches, CancellationToken ct)
    {
        var jobGrain = grains.GetGrain<ICouponOutreachGrain>(jobId);
        var job = await jobGrain.Get(new GetCouponOutreach()) ?? throw new InvalidOperationException($"No outreach job '{jobId}'.");
        var template = templates.Find(job.TemplateId) ?? throw new InvalidOperationException($"Coupon template '{job.TemplateId}' is gone.");
        // The RFM segment is decided once per run as of the job's start: the same figures every time, so a resumed
        // run reaches the same members.
        var rfm = job.Segment.RfmSegment is { } segment
            ? SegmentCriteria.RfmMembers(await reports.RfmFactsByMember(job.StartedAt, ct), segment)
            : null;
        // Validity is counted from the job's start, so every member's coupon has the same window however long it runs.
        var coupon = CouponIssues.Request(programs.Current, job.StartedAt, template, CouponCode(jobId), "outreach",
            new Actor("job", null, job.StartedBy));
        var batches = 0;
        while (job.Status == CouponOutreachGrain.Running && (maxBatches is null || batches < maxBatches))
        {
            var ids = await reports.MemberIdsAfter(job.Cursor, options.Value.BatchSize, ct);
            if (ids.Count == 0)
            {
                job = await jobGrain.Complete(new CompleteCouponOutreach(job.Cursor));
                break;
            }
            var issued = 0;
            foreach (var memberId in ids)
            {
                ct.ThrowIfCancellationRequested();
                if (rfm is not null && !rfm.Contains(memberId))
                {
                    continue;
                }
                var result = await grains.GetGrain<IMemberGrain>(memberId).IssueOutreachCoupon(
                    new IssueOutreachCoupon(job.Segment, template.Tiers, coupon));
                if (result.Holds)
                {
                    issued++;
                }
            }
            job = await jobGrain.Advance(new AdvanceCouponOutreach(job.Cursor, ids[^1], ids.Count, issued));
            batches++;
        }
        if (job.Status == CouponOutreachGrain.Completed)
        {
            await Index.Track(new TrackOutreachJob(jobId, Running: false));
        }
        return job;
    }

    [LoggerMessage(EventId = LogEvents.OutreachStopped, Level = LogLevel.Warning,
        Message = "Outreach job {JobId} stopped; it resumes at the next start-up or when started again with the same id")]
    private partial void LogStopped(string jobId, Exception e);

    [LoggerMessage(EventId = LogEvents.OutreachCompleted, Level = LogLevel.Information,
        Message = "Outreach job {JobId} completed: {Processed} members looked at, {Issued} hold the coupon")]
    private partial void LogCompleted(string jobId, long processed, long issued);
}
