using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Loyalty.Persistence;

namespace Loyalty.Host.Live;

/// <summary>
/// The bounded in-process bus between committed operations and the dashboards. Writers never wait: when the
/// aggregator falls behind, the oldest events are dropped and counted (<c>loyalty.dashboard.events.dropped</c>),
/// because a dashboard that is a little wrong is better than a till that is slow.
/// </summary>
public sealed class DashboardBus
{
    private static readonly Counter<long> Published = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.dashboard.events.published", "{event}", "Events offered to the dashboard bus");
    private static readonly Counter<long> Dropped = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.dashboard.events.dropped", "{event}", "Dashboard events dropped because the bus was full");

    private readonly Channel<DashboardEvent> _channel;
    private long _dropped;

    public DashboardBus(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _channel = Channel.CreateBounded<DashboardEvent>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                // The writer is a checkout's request thread: it must not run the reader's continuation.
                AllowSynchronousContinuations = false,
            },
            OnDropped);
    }

    public int Capacity { get; }

    /// <summary>Events dropped by this bus since it was created.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public ChannelReader<DashboardEvent> Reader => _channel.Reader;

    /// <summary>Offers an event; never blocks and never throws (after shutdown the event is simply not taken).</summary>
    public void Publish(DashboardEvent item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            Published.Add(1);
        }
    }

    /// <summary>Ends the bus at shutdown so the reader finishes.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private void OnDropped(DashboardEvent dropped)
    {
        Interlocked.Increment(ref _dropped);
        Dropped.Add(1);
    }
}
