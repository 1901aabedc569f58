using System.Globalization;

namespace Loyalty.Load;

/// <summary>The final table: throughput, latency percentiles and failures by status and code, per operation.</summary>
public sealed partial class Runner
{
    private RunSummary Report(double seconds)
    {
        var operations = _stats.All.Select(s => new OperationSummary(s.Name, s.Ok, s.FailureCount, s.Retries, s.Ok / seconds,
            s.Latency.PercentileMillis(50), s.Latency.PercentileMillis(90), s.Latency.PercentileMillis(99),
            s.Latency.PercentileMillis(99.9), s.Latency.MaxMillis, new SortedDictionary<string, long>(s.Failures, StringComparer.Ordinal))).ToList();
        var checkouts = operations.Where(op => op.Name is "checkout" or "redemption").Sum(op => op.Ok) / seconds;

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"scenario {o.Scenario}, {o.Mode} loop, {seconds:0.0} s; latency in ms");
        Console.WriteLine(string.Format(c, "{0,-11} {1,9} {2,7} {3,7} {4,9} {5,7} {6,7} {7,7} {8,7} {9,8}",
            "operation", "ok", "failed", "retries", "ok/s", "p50", "p90", "p99", "p99.9", "max"));
        foreach (var op in operations)
        {
            Console.WriteLine(string.Format(c, "{0,-11} {1,9} {2,7} {3,7} {4,9:0.0} {5,7:0.0} {6,7:0.0} {7,7:0.0} {8,7:0.0} {9,8:0.0}",
                op.Name, op.Ok, op.Failed, op.Retries, op.PerSecond, op.P50, op.P90, op.P99, op.P999, op.Max));
            foreach (var (key, count) in op.Failures)
            {
                Console.WriteLine(string.Format(c, "    {0,-40} {1,9}", key, count));
            }
        }
        Console.WriteLine(string.Format(c, "checkouts/s (checkout + redemption): {0:0.0}", checkouts));
        foreach (var note in _notes)
        {
            Console.WriteLine("note: " + note);
        }
        return new RunSummary(o.Scenario, o.Mode, o.Concurrency, o.Rate, seconds, checkouts, operations);
    }
}
