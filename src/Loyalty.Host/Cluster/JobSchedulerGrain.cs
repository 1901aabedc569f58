using Loyalty.Host.Jobs;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Cluster;

/// <summary>The cluster's one scheduler of member jobs (key "default"): a pass over the due-jobs index every interval.</summary>
[Alias("Loyalty.IJobSchedulerGrain")]
public interface IJobSchedulerGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [Alias("Start")]
    Task Start();

    /// <summary>Runs one pass now (after a pass in progress ends) and answers its counts.</summary>
    [Alias("RunPass"), ResponseTimeout("00:30:00")]
    Task<JobPassReport> RunPass();
}

[GrainType("job-scheduler")]
public sealed class JobSchedulerGrain(JobScheduler scheduler, IOptions<JobSchedulerOptions> options, ILogger<JobSchedulerGrain> logger)
    : ClusterPassGrain<JobPassReport>(logger), IJobSchedulerGrain
{
    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task<JobPassReport> RunPassAsync(CancellationToken ct) => scheduler.RunOnceAsync(ct);

    public Task<JobPassReport> RunPass() => RunNowAsync();
}
