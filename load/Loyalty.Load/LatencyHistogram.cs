namespace Loyalty.Load;

/// <summary>
/// HdrHistogram-like latency recording in microseconds: linear up to 1 ms, then 512 sub-buckets per power of two
/// (under 0.2% error), so percentiles up to hours are exact enough without storing samples. Lock-free recording.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 9;
    private const int Linear = 1 << (SubBits + 1);
    private const int Sub = 1 << SubBits;
    private readonly long[] _counts = new long[Linear + 40 * Sub];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan elapsed) => RecordMicros((long)(elapsed.Ticks / 10.0));

    public void RecordMicros(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen)
        {
        }
    }

    public double MaxMillis => Interlocked.Read(ref _max) / 1000.0;

    private static int Index(long v)
    {
        if (v < Linear)
        {
            return (int)v;
        }
        var shift = 63 - (int)long.LeadingZeroCount(v) - SubBits;
        return Linear + (shift - 1) * Sub + (int)((v >> shift) - Sub);
    }

    private static long UpperValue(int index)
    {
        if (index < Linear)
        {
            return index;
        }
        var shift = (index - Linear) / Sub + 1;
        var sub = (index - Linear) % Sub + Sub;
        return ((long)(sub + 1) << shift) - 1;
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the samples fall, in milliseconds.</summary>
    public double PercentileMillis(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var target = Math.Max(1, (long)Math.Ceiling(total * percentile / 100.0));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target)
            {
                return Math.Min(UpperValue(i), Interlocked.Read(ref _max)) / 1000.0;
            }
        }
        return MaxMillis;
    }
}
