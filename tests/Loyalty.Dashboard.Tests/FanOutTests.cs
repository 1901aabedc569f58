using System.Diagnostics;
using System.Globalization;
using System.Text;
using Loyalty.Dashboard.Tests.Support;
using Xunit.Abstractions;

namespace Loyalty.Dashboard.Tests;

/// <summary>
/// 500 dashboards at once (raw WebSockets, SignalR JSON protocol) all receive their ticks; the cost per connection
/// and the delivery time are written to TestResults/fanout.txt (docs/dashboard.md quotes them).
/// </summary>
public sealed class FanOutTests(DashboardHost host, ITestOutputHelper output) : IClassFixture<DashboardHost>
{
    private const int Connections = 500;
    private const int MeasuredSeconds = 5;

    [Fact]
    public async Task Five_hundred_dashboards_receive_their_ticks()
    {
        var total = Stopwatch.StartNew();
        var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;

        // Ticks per connection keyed by the tick's second, with the arrival time of each.
        var arrivals = new Dictionary<long, List<long>>[Connections];
        var clients = new RawSignalRClient[Connections];
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                // Half watch a store as its manager, half the chain as admin.
                var asManager = i % 2 == 0;
                var client = await RawSignalRClient.Connect(host.BaseAddress, asManager ? "dev-manager-S001" : "dev-admin");
                var mine = arrivals[i] = [];
                client.OnTick = (tick, at) =>
                {
                    var second = tick.GetProperty("at").GetDateTimeOffset().ToUnixTimeSeconds();
                    lock (mine)
                    {
                        mine[second] = [at];
                    }
                };
                var completion = asManager ? await client.Invoke("SubscribeStore", "S001") : await client.Invoke("SubscribeChain");
                Assert.False(completion.TryGetProperty("error", out _));
                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        var connectTime = total.Elapsed;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        var workingSetAfter = process.WorkingSet64;

        var cpuBefore = process.TotalProcessorTime;
        var window = Stopwatch.StartNew();
        var firstSecond = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        // Some traffic while measuring, so ticks carry figures and checkout messages flow too.
        using var clerk = host.Client("dev-clerk-S001");
        var lastSecond = firstSecond + MeasuredSeconds - 1;
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= lastSecond + 1)
        {
            await host.Checkout(clerk, "S001", "8800000000000002", 25m);
            await Task.Delay(100);
        }
        // Wait (bounded) until every connection has the last measured second's tick.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && !arrivals.All(a => { lock (a) { return a.ContainsKey(lastSecond); } }))
        {
            await Task.Delay(50);
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var elapsed = window.Elapsed;

        // Every connection got every second's tick; delivery = arrival minus the end of that second.
        var delays = new List<double>();
        var missing = 0;
        for (var second = firstSecond; second <= lastSecond; second++)
        {
            var secondEnd = DateTimeOffset.FromUnixTimeSeconds(second + 1);
            foreach (var connection in arrivals)
            {
                lock (connection)
                {
                    if (connection.TryGetValue(second, out var at))
                    {
                        delays.Add(ArrivalDelay(at[0], secondEnd));
                    }
                    else
                    {
                        missing++;
                    }
                }
            }
        }
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        delays.Sort();

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"connections: {Connections} (half S001 manager, half chain admin), client and server in one process, {Environment.ProcessorCount} CPUs")
            .AppendLine(CultureInfo.InvariantCulture, $"connect + handshake + subscribe all: {connectTime.TotalSeconds:F2} s")
            .AppendLine(CultureInfo.InvariantCulture, $"managed heap per connection (client + server): {(heapAfter - heapBefore) / (double)Connections / 1024:F1} KiB")
            .AppendLine(CultureInfo.InvariantCulture, $"working set per connection (client + server): {(workingSetAfter - workingSetBefore) / (double)Connections / 1024:F1} KiB")
            .AppendLine(CultureInfo.InvariantCulture, $"CPU while streaming ticks + ~10 checkouts/s: {cpu.TotalMilliseconds / elapsed.TotalSeconds / 10:F1} % of one core ({cpu.TotalMilliseconds / elapsed.TotalSeconds / Connections * 1000:F0} µs CPU per connection per second)")
            .AppendLine(CultureInfo.InvariantCulture, $"tick delivery after the second ends: p50 {Percentile(delays, 0.5):F0} ms, p99 {Percentile(delays, 0.99):F0} ms, max {delays[^1]:F0} ms over {delays.Count} ticks")
            .AppendLine(CultureInfo.InvariantCulture, $"ticks missing: {missing}")
            .AppendLine(CultureInfo.InvariantCulture, $"whole test: {total.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Artifacts.PathOf("fanout.txt"), report.ToString());

        Assert.Equal(0, missing);
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"took {total.Elapsed}");
    }

    private static double ArrivalDelay(long arrivalTimestamp, DateTimeOffset secondEnd)
    {
        var arrivedAt = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(arrivalTimestamp);
        return (arrivedAt - secondEnd).TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
