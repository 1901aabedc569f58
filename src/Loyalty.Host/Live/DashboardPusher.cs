using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Loyalty.Host.Live;

/// <summary>
/// The aggregator's loop: every 100 ms it drains the bus, pushes new checkouts, and when a second has ended pushes
/// one tick per store and one for the chain to their SignalR groups. Sends are not awaited by the loop: a slow
/// connection delays only itself (SignalR buffers per connection) and is aborted when a send outlives
/// <see cref="SendTimeout"/>; meanwhile the loop keeps draining the bus so checkouts never wait on it.
/// </summary>
public sealed partial class DashboardPusher(
    DashboardBus bus,
    LiveAggregator aggregator,
    IHubContext<DashboardHub> hub,
    TimeProvider time,
    ILogger<DashboardPusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private DateTimeOffset _second;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _second = SecondOf(time.GetUtcNow());
        // Pacing is wall-clock (a fake TimeProvider jumping a year must not replay 300 million ticks);
        // what a tick reports is stamped with the injected clock.
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Step();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A dashboard fault must not end the loop: the next step starts clean.
                    LogStepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            bus.Complete();
        }
    }

    /// <summary>One step of the loop; public so tests can drive it with a fake clock.</summary>
    public void Step()
    {
        var now = time.GetUtcNow();
        while (bus.Reader.TryRead(out var item))
        {
            aggregator.Add(item, now);
        }
        var sends = new List<Task>();
        var cancel = new CancellationTokenSource(SendTimeout, time);
        foreach (var checkout in aggregator.TakeUnsentCheckouts())
        {
            sends.Add(hub.Clients.Group(DashboardClientMethods.StoreGroup(checkout.StoreId))
                .SendAsync(DashboardClientMethods.Checkout, checkout, cancel.Token));
            sends.Add(hub.Clients.Group(DashboardClientMethods.ChainGroup).SendAsync(DashboardClientMethods.Checkout, checkout, cancel.Token));
        }
        var second = SecondOf(now);
        if (second > _second)
        {
            foreach (var tick in aggregator.CloseSecond(_second))
            {
                var group = tick.StoreId is null ? DashboardClientMethods.ChainGroup : DashboardClientMethods.StoreGroup(tick.StoreId);
                sends.Add(hub.Clients.Group(group).SendAsync(DashboardClientMethods.Tick, tick, cancel.Token));
            }
            // After a stall the missed seconds are not invented: the next tick is for the current second.
            _second = second;
        }
        _ = Observe(sends, cancel);
    }

    private async Task Observe(List<Task> sends, CancellationTokenSource cancel)
    {
        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception ex)
        {
            LogSendFailed(ex.GetType().Name);
        }
        finally
        {
            cancel.Dispose();
        }
    }

    public static DateTimeOffset SecondOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [LoggerMessage(EventId = LogEvents.DashboardStepFailed, Level = LogLevel.Error, Message = "Dashboard step failed; the loop goes on")]
    private partial void LogStepFailed(Exception exception);

    [LoggerMessage(EventId = LogEvents.DashboardPushIncomplete, Level = LogLevel.Debug, Message = "A dashboard push did not complete ({Reason}); slow connections are aborted")]
    private partial void LogSendFailed(string reason);
}
