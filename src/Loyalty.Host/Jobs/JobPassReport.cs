namespace Loyalty.Host.Jobs;

/// <summary>What one job did in a pass: grains woken because due, how many changed, how many failed (retried next pass).</summary>
[GenerateSerializer, Alias("Loyalty.JobCounts")]
public sealed record JobCounts(int Due, int Changed, int Failed);

/// <summary>The result of one scheduler pass, per job name.</summary>
[GenerateSerializer, Alias("Loyalty.JobPassReport")]
public sealed record JobPassReport(DateTimeOffset At, IReadOnlyDictionary<string, JobCounts> Jobs);
