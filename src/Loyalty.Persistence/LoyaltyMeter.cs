using System.Diagnostics.Metrics;

namespace Loyalty.Persistence;

/// <summary>The one meter of the engine ("Loyalty"); instruments use OpenTelemetry-style names and units.</summary>
public static class LoyaltyMeter
{
    public static readonly Meter Meter = new("Loyalty", "1.0");

    /// <summary>
    /// Bucket bounds for durations in seconds. OpenTelemetry's default bounds (0, 5, 10 … 10,000) are meant for
    /// milliseconds: in seconds every checkout fell in the first bucket and no latency quantile could be read.
    /// </summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
    };

    /// <summary>Bucket bounds for how many requests one batch (a storage round trip) served.</summary>
    public static readonly InstrumentAdvice<int> BatchSizes = new()
    {
        HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    };

    public static Histogram<double> SecondsHistogram(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, advice: Seconds);

    public static Histogram<int> BatchSizeHistogram(string name, string unit, string description) =>
        Meter.CreateHistogram(name, unit, description, tags: null, advice: BatchSizes);
}
