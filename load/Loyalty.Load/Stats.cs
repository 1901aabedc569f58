using System.Collections.Concurrent;

namespace Loyalty.Load;

/// <summary>Counters of one operation kind: successes, refusals and errors by status/code, latency.</summary>
public sealed class OperationStats(string name)
{
    private long _ok;
    private long _retries;

    public string Name { get; } = name;

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Per-second latency, swapped out by the progress line.</summary>
    public LatencyHistogram Interval { get; private set; } = new();

    public ConcurrentDictionary<string, long> Failures { get; } = new();

    public long Ok => Interlocked.Read(ref _ok);

    public long Retries => Interlocked.Read(ref _retries);

    public long FailureCount => Failures.Values.Sum();

    public void Succeeded(TimeSpan latency)
    {
        Interlocked.Increment(ref _ok);
        Latency.Record(latency);
        Interval.Record(latency);
    }

    public void Failed(string key, TimeSpan latency)
    {
        Failures.AddOrUpdate(key, 1, (_, n) => n + 1);
        Latency.Record(latency);
        Interval.Record(latency);
    }

    /// <summary>A request that was never sent (open-loop cap): counted, but it has no latency.</summary>
    public void Dropped(string key) => Failures.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Retried() => Interlocked.Increment(ref _retries);

    public LatencyHistogram SwapInterval()
    {
        var old = Interval;
        Interval = new LatencyHistogram();
        return old;
    }
}

/// <summary>All operation kinds of a run, created on first use.</summary>
public sealed class Stats
{
    private readonly ConcurrentDictionary<string, OperationStats> _byName = new();

    public OperationStats this[string name] => _byName.GetOrAdd(name, n => new OperationStats(n));

    public IEnumerable<OperationStats> All => _byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal);

    public long TotalOk => _byName.Values.Sum(s => s.Ok);

    public long TotalFailures => _byName.Values.Sum(s => s.FailureCount);
}
