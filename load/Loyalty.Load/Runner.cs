using System.Diagnostics;
using System.Globalization;

namespace Loyalty.Load;

/// <summary>
/// One load run: scenario setup, the open- or closed-loop drive with a progress line each second, the
/// resolution of checkouts whose outcome stayed unknown, the summary table and the correctness check.
/// </summary>
public sealed partial class Runner(LoadOptions o, Api api)
{
    private const int MaxAttempts = 4;
    private Stats _stats = new();
    private readonly string _runId = $"r{o.Seed}x{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x}";
    private readonly List<string> _notes = [];
    private Bookkeeping _books = null!;
    private long _sequence;
    private long _inFlight;
    private string? _householdId;
    private int[] _hotMembers = [];
    private double _promoStart = double.MaxValue;
    private double _promoEnd = double.MaxValue;
    private Stopwatch _clock = new();

    public async Task<int> RunAsync()
    {
        var ready = await api.Http.GetAsync("health/ready");
        if (!ready.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"host not ready: {(int)ready.StatusCode}");
            return 3;
        }
        _books = new Bookkeeping(ReadBalanceAsync);
        if (o.Scenario == "household")
        {
            await SetUpHouseholdAsync();
        }
        if (o.Scenario == "promotion")
        {
            _promoStart = o.DurationSeconds / 3;
            _promoEnd = Math.Min(o.DurationSeconds, _promoStart + 60);
        }

        Console.WriteLine($"run {_runId}: scenario {o.Scenario}, {o.Mode} loop, " +
            (o.Mode == "closed" ? $"concurrency {o.Concurrency}" : $"rate {o.Rate}/s") +
            $", {o.DurationSeconds}s, {o.Members} members, {o.Stores} stores, seed {o.Seed}");
        if (o.WarmupSeconds > 0)
        {
            // A fresh tool process spends its first seconds compiling its own code on the cores the host needs: the
            // same load runs unrecorded first (its checkouts still count in the correctness check).
            Console.WriteLine($"warming up for {o.WarmupSeconds:0}s (not recorded)");
            using var warmup = new CancellationTokenSource(TimeSpan.FromSeconds(o.WarmupSeconds));
            await (o.Mode == "closed" ? DriveClosedAsync(warmup.Token) : DriveOpenAsync(warmup.Token));
            _stats = new Stats();
        }
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.DurationSeconds));
        _clock = Stopwatch.StartNew();
        var progress = ProgressAsync(stop.Token);
        if (o.Mode == "closed")
        {
            await DriveClosedAsync(stop.Token);
        }
        else
        {
            await DriveOpenAsync(stop.Token);
        }
        var elapsed = _clock.Elapsed.TotalSeconds;
        await progress;

        await ResolveUnknownOutcomesAsync();
        var summary = Report(elapsed);
        var (checkedAccounts, mismatches, unresolved) = await VerifyAsync();
        summary = summary with { Verified = checkedAccounts, Mismatches = mismatches, Unresolved = unresolved, Notes = _notes };
        if (o.Json is not null)
        {
            await File.WriteAllTextAsync(o.Json, System.Text.Json.JsonSerializer.Serialize(summary, SummaryJson.Default.RunSummary));
        }
        if (mismatches > 0)
        {
            Console.WriteLine($"CORRECTNESS CHECK FAILED: {mismatches} mismatches over {checkedAccounts} accounts");
            return 1;
        }
        if (unresolved > 0)
        {
            Console.WriteLine($"correctness check inconclusive: {unresolved} checkouts with unknown outcome");
            return 2;
        }
        Console.WriteLine($"correctness check passed: {checkedAccounts} accounts, balances and ledgers equal the receipts");
        return 0;
    }

    // ---- drive ----

    private bool InPromotion(double t) => t >= _promoStart && t < _promoEnd;

    private async Task DriveClosedAsync(CancellationToken ct)
    {
        var workers = new List<Task>();
        for (var w = 0; w < o.Concurrency; w++)
        {
            var rng = new Random(o.Seed * 7919 + w);
            workers.Add(Task.Run(async () =>
            {
                while (!ct.IsCancellationRequested)
                {
                    await OneAsync(rng, Stopwatch.GetTimestamp());
                }
            }));
        }
        if (o.Scenario == "promotion")
        {
            // ×5 traffic in the promotion window: four more workers per worker, only while it lasts.
            for (var w = 0; w < o.Concurrency * 4; w++)
            {
                var rng = new Random(o.Seed * 7919 + o.Concurrency + w);
                workers.Add(Task.Run(async () =>
                {
                    while (!ct.IsCancellationRequested)
                    {
                        if (!InPromotion(_clock.Elapsed.TotalSeconds))
                        {
                            await Task.Delay(50, CancellationToken.None);
                            continue;
                        }
                        await OneAsync(rng, Stopwatch.GetTimestamp());
                    }
                }));
            }
        }
        await Task.WhenAll(workers);
    }

    /// <summary>
    /// Open loop: requests are due at fixed times whatever the answers do, and latency counts from the due time,
    /// so a stalled server shows up in the percentiles (no coordinated omission). Beyond the in-flight cap
    /// (10 × concurrency) a due request is dropped and counted.
    /// </summary>
    private async Task DriveOpenAsync(CancellationToken ct)
    {
        var rng = new Random(o.Seed);
        var cap = Math.Max(64, o.Concurrency * 10);
        var started = Stopwatch.GetTimestamp();
        long issued = 0;
        var running = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            var t = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var promo = Math.Max(0, Math.Min(t, _promoEnd) - _promoStart);
            var due = (long)(o.Rate * (t + 4 * promo));
            while (issued < due)
            {
                issued++;
                var dueAt = started + (long)((issued / o.Rate) * Stopwatch.Frequency);
                if (Interlocked.Read(ref _inFlight) >= cap)
                {
                    _stats["checkout"].Dropped("0 dropped(open-loop cap)");
                    continue;
                }
                var opRng = new Random(rng.Next());
                running.Add(Task.Run(() => OneAsync(opRng, dueAt)));
            }
            if (running.Count > 10_000)
            {
                running.RemoveAll(task => task.IsCompleted);
            }
            await Task.Delay(1, CancellationToken.None);
        }
        await Task.WhenAll(running);
    }

    private async Task OneAsync(Random rng, long startedAt)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            switch (o.Scenario)
            {
                case "mixed":
                    var pick = rng.Next(100);
                    if (pick < 50)
                    {
                        await CheckoutAsync(rng, PickMember(rng), redeem: false, startedAt);
                    }
                    else if (pick < 70)
                    {
                        await QuoteAsync(rng, PickMember(rng), startedAt);
                    }
                    else if (pick < 80)
                    {
                        await TopUpAsync(rng, PickMember(rng), startedAt);
                    }
                    else if (pick < 90)
                    {
                        await CheckoutAsync(rng, PickMember(rng), redeem: true, startedAt);
                    }
                    else
                    {
                        await LookupAsync(PickMember(rng), startedAt);
                    }
                    break;
                case "household":
                    await CheckoutAsync(rng, _hotMembers[rng.Next(_hotMembers.Length)], redeem: rng.Next(4) == 0, startedAt);
                    break;
                default:
                    await CheckoutAsync(rng, PickMember(rng), redeem: rng.Next(10) == 0, startedAt);
                    break;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Uniform, except in the promotion scenario: 80% of checkouts go to the first 20% of members.</summary>
    private int PickMember(Random rng)
    {
        if (o.Scenario == "promotion")
        {
            var hot = Math.Max(1, o.Members / 5);
            return rng.Next(10) < 8 ? 1 + rng.Next(hot) : 1 + hot + rng.Next(Math.Max(1, o.Members - hot));
        }
        return 1 + rng.Next(o.Members);
    }

    private async Task ProgressAsync(CancellationToken ct)
    {
        long lastOk = 0;
        long lastFailures = 0;
        var promotionPosted = false;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var t = _clock.Elapsed.TotalSeconds;
                if (!promotionPosted && t >= _promoStart)
                {
                    promotionPosted = true;
                    _ = PostPromotionAsync();
                }
                var ok = _stats.TotalOk;
                var failures = _stats.TotalFailures;
                var interval = _stats["checkout"].SwapInterval();
                var rates = string.Create(CultureInfo.InvariantCulture, $"[{t,5:0}s] {ok - lastOk,6} ok/s  {failures - lastFailures,4} fail/s");
                var latency = string.Create(CultureInfo.InvariantCulture,
                    $"checkout p50 {interval.PercentileMillis(50),6:0.0} p99 {interval.PercentileMillis(99),6:0.0} max {interval.MaxMillis,7:0.0} ms");
                Console.WriteLine($"{rates}  {latency}  in flight {Interlocked.Read(ref _inFlight),5}{(InPromotion(t) ? "  PROMOTION x5" : "")}");
                (lastOk, lastFailures) = (ok, failures);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
