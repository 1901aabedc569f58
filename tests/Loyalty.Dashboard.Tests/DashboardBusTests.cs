using System.Diagnostics.Metrics;
using Loyalty.Host.Live;

namespace Loyalty.Dashboard.Tests;

/// <summary>The bus between checkouts and dashboards: never blocks a writer, drops the oldest, counts drops.</summary>
public sealed class DashboardBusTests
{
    private static MemberJoined Joined(int i) => new("S001", DateTimeOffset.UnixEpoch.AddSeconds(i));

    [Fact]
    public async Task A_bus_nobody_reads_drops_the_oldest_and_counts_them_in_the_meter()
    {
        long measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Loyalty" && instrument.Name == "loyalty.dashboard.events.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref measured, value));
        listener.Start();
        var bus = new DashboardBus(capacity: 4);

        for (var i = 0; i < 10; i++)
        {
            bus.Publish(Joined(i));
        }

        Assert.Equal(6, bus.DroppedCount);
        // Other tests' hosts share the process-wide meter: at least ours were counted.
        Assert.True(Interlocked.Read(ref measured) >= 6);
        var kept = new List<DashboardEvent>();
        while (bus.Reader.TryRead(out var item))
        {
            kept.Add(item);
        }
        Assert.Equal([Joined(6), Joined(7), Joined(8), Joined(9)], kept);
        await Task.CompletedTask;
    }

    [Fact]
    public void Publishing_after_shutdown_neither_blocks_nor_throws()
    {
        var bus = new DashboardBus(capacity: 1);
        bus.Complete();

        bus.Publish(Joined(1));

        Assert.False(bus.Reader.TryRead(out _));
    }
}
