using System.Globalization;

namespace Loyalty.Load;

/// <summary>Command-line options: <c>--name value</c> pairs after the command (<c>run</c> or <c>seed</c>).</summary>
public sealed class LoadOptions
{
    public string Command { get; private set; } = "run";
    public string Url { get; private set; } = "http://127.0.0.1:5280";
    public string Key { get; private set; } = "dev-admin";
    public string Scenario { get; private set; } = "steady";
    /// <summary><c>closed</c>: fixed concurrency, each worker sends the next request when the last returns; <c>open</c>: target rate.</summary>
    public string Mode { get; private set; } = "closed";
    public int Concurrency { get; private set; } = 32;
    public double Rate { get; private set; } = 500;
    public double DurationSeconds { get; private set; } = 30;

    /// <summary>Seconds of the same load before the measured run, not recorded: the tool's own JIT warms up too.</summary>
    public double WarmupSeconds { get; private set; } = 5;
    public int Stores { get; private set; } = 20;
    public int Members { get; private set; } = 10_000;
    public int Seed { get; private set; } = 42;
    /// <summary>Members checked at the end: all touched members, or at most this many (0 = none).</summary>
    public int VerifyLimit { get; private set; } = int.MaxValue;
    /// <summary>Cards checking out at once in the household scenario.</summary>
    public int HouseholdCards { get; private set; } = 8;
    public int ChunkRows { get; private set; } = 100_000;
    public string? Json { get; private set; }
    /// <summary>First member index (activate command).</summary>
    public int From { get; private set; } = 1;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            o.Command = args[0];
            i = 1;
        }
        for (; i < args.Length; i += 2)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--url": o.Url = value.TrimEnd('/'); break; // several hosts of one cluster: comma-separated
                case "--key": o.Key = value; break;
                case "--scenario": o.Scenario = value; break;
                case "--mode": o.Mode = value; break;
                case "--concurrency": o.Concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rate": o.Rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--duration": o.DurationSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": o.WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--stores": o.Stores = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--members": o.Members = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": o.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--verify": o.VerifyLimit = value == "all" ? int.MaxValue : int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--household-cards": o.HouseholdCards = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--chunk": o.ChunkRows = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--json": o.Json = value; break;
                case "--from": o.From = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (o.Command is not ("run" or "seed" or "activate"))
        {
            throw new ArgumentException("command: run, seed or activate");
        }
        if (o.Scenario is not ("steady" or "promotion" or "household" or "mixed"))
        {
            throw new ArgumentException("--scenario: steady, promotion, household or mixed");
        }
        if (o.Mode is not ("closed" or "open"))
        {
            throw new ArgumentException("--mode: closed or open");
        }
        return o;
    }

    public const string Usage = """
        Loyalty.Load run  --url URL --key KEY --scenario steady|promotion|household|mixed --mode closed|open
                          [--concurrency N] [--rate PER_SECOND] [--duration SECONDS] [--warmup SECONDS] [--stores N] [--members N]
                          [--seed N] [--verify all|N] [--household-cards N] [--json FILE]
        Loyalty.Load seed --url URL --key ADMIN_KEY --members N [--stores N] [--chunk ROWS]
        Loyalty.Load activate --url URL --key KEY --from I --members N [--concurrency N]
        Members are the seeded ones: member i has id LM{i:D8}, card 66{i:D14}, phone 139{i:D8}.
        """;
}
