using System.Threading.Channels;
using Loyalty.Host.Cluster;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Live;

/// <summary>
/// Sends this host's committed events to the other hosts' dashboards, so a checkout served anywhere shows on a
/// dashboard connected anywhere. Every <see cref="Interval"/> it takes what was queued and sends it as one one-way
/// batch per peer (<see cref="ClusterPeers.ForwardDashboard"/>): a checkout reaches another host's aggregator within
/// about one interval plus a network hop, and the cost is one message per peer per interval, not per checkout.
/// Like the bus, it never blocks a checkout: when it falls behind, the oldest events are dropped.
/// </summary>
public sealed partial class DashboardForwarder(ClusterPeers peers, ILogger<DashboardForwarder> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Events held for the next batch; beyond this the oldest are dropped (dashboards are allowed to be a little wrong).</summary>
    public const int Capacity = 20_000;

    /// <summary>At most this many events per message.</summary>
    public const int MaxBatch = 2_000;

    private readonly Channel<DashboardEvent> _queue = Channel.CreateBounded<DashboardEvent>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    /// <summary>Queues an event for the other hosts (nothing is queued while this host is alone).</summary>
    public void Forward(DashboardEvent item)
    {
        if (peers.Others.Count > 0)
        {
            _queue.Writer.TryWrite(item);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var batch = new List<DashboardEvent>(MaxBatch);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (_queue.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                        if (batch.Count == MaxBatch)
                        {
                            peers.ForwardDashboard([.. batch]);
                            batch.Clear();
                        }
                    }
                    if (batch.Count > 0)
                    {
                        peers.ForwardDashboard([.. batch]);
                        batch.Clear();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    batch.Clear();
                    LogForwardFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = LogEvents.DashboardForwardFailed, Level = LogLevel.Warning, Message = "Forwarding dashboard events failed; the loop goes on")]
    private partial void LogForwardFailed(Exception exception);
}
