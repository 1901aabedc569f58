namespace Loyalty.Host.Jobs;

/// <summary>Scheduler settings (<c>Loyalty:Jobs</c>).</summary>
public sealed class JobSchedulerOptions
{
    /// <summary>Time between passes; each pass runs every job due by then.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Due grains read per page.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Grains running a job at the same time.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>Whether passes run on the timer (tests turn it off and call <see cref="JobScheduler.RunOnceAsync"/>).</summary>
    public bool Enabled { get; set; } = true;
}
