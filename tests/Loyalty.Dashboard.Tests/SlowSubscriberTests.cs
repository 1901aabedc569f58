using System.Diagnostics;
using Loyalty.Dashboard.Tests.Support;

namespace Loyalty.Dashboard.Tests;

/// <summary>A dashboard that never reads must not change or noticeably slow the checkouts.</summary>
public sealed class SlowSubscriberTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    /// <summary>Checkouts, each compared with its quote taken just before: the engine's own answer for that basket.</summary>
    private async Task<TimeSpan> RunCheckouts(HttpClient clerk, string prefix, int count)
    {
        var durations = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i}";
            var quote = await host.Quote(clerk, "S001", "8800000000000002", 10m + i, id);
            var started = Stopwatch.GetTimestamp();
            var receipt = await host.Checkout(clerk, "S001", "8800000000000002", 10m + i, id);
            durations.Add(Stopwatch.GetElapsedTime(started));
            Assert.Equal(id, receipt.CheckoutId);
            Assert.Equal(quote with { CheckoutId = id }, receipt);
        }
        durations.Sort();
        return durations[count / 2];
    }

    [Fact]
    public async Task Subscribers_that_never_read_do_not_change_or_slow_checkouts()
    {
        using var clerk = host.Client("dev-clerk-S001");
        await RunCheckouts(clerk, "warm", 20);
        var baseline = await RunCheckouts(clerk, "base", 60);

        var stuck = new List<RawSignalRClient>();
        for (var i = 0; i < 20; i++)
        {
            var client = await RawSignalRClient.Connect(host.BaseAddress, "dev-manager-S001", read: false);
            await client.InvokeBlind("SubscribeStore", "S001");
            stuck.Add(client);
        }
        var withStuck = await RunCheckouts(clerk, "stuck", 60);

        // Generous bound: the point is that checkouts do not wait on dashboards, not a benchmark.
        Assert.True(withStuck < baseline * 3 + TimeSpan.FromMilliseconds(20), $"median {withStuck.TotalMilliseconds:F1} ms vs {baseline.TotalMilliseconds:F1} ms");
        foreach (var client in stuck)
        {
            await client.DisposeAsync();
        }
    }
}
