namespace Loyalty.Host.Jobs;

/// <summary>Coupon outreach jobs (<c>Loyalty:Outreach</c>).</summary>
public sealed class OutreachOptions
{
    /// <summary>Members looked at per batch; each batch commits the job's cursor and counts.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Run started jobs in the background and resume unfinished ones at start-up (off only in tests that step a job).</summary>
    public bool AutoRun { get; set; } = true;
}
