using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Load;

/// <summary>Latency and counts of one operation kind, for the table and the JSON summary.</summary>
public sealed record OperationSummary(string Name, long Ok, long Failed, long Retries, double PerSecond,
    double P50, double P90, double P99, double P999, double Max, IReadOnlyDictionary<string, long> Failures);

/// <summary>What a run measured (written with --json for bench.sh).</summary>
public sealed record RunSummary(string Scenario, string Mode, int Concurrency, double Rate, double Seconds,
    double CheckoutsPerSecond, IReadOnlyList<OperationSummary> Operations, int Verified = 0, int Mismatches = 0,
    int Unresolved = 0, IReadOnlyList<string>? Notes = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(RunSummary))]
public sealed partial class SummaryJson : JsonSerializerContext;
