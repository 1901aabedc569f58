using Loyalty.Host.Infrastructure;
using Loyalty.Host.Jobs;
using Loyalty.Host.Notifications;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Cluster;

/// <summary>
/// Wakes the cluster's pass grains when a host starts, so their timers run without waiting for a reminder tick.
/// Every host does it (the call is idempotent: there is one activation per cluster); after that the grains' own
/// reminders keep them alive.
/// </summary>
public sealed partial class ClusterPassStarter(
    IGrainFactory grains,
    IOptions<JobSchedulerOptions> jobs,
    IOptions<WebhookOptions> webhooks,
    IHostApplicationLifetime lifetime,
    ILogger<ClusterPassStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A pass runs at once on activation and reads the program in force: start once the stored one is loaded.
        await lifetime.WhenStartedAsync(stoppingToken);
        var starts = new List<Func<Task>>();
        if (jobs.Value.Enabled)
        {
            starts.Add(() => grains.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.DefaultKey).Start());
        }
        if (webhooks.Value.Enabled && webhooks.Value.Endpoints.Count > 0)
        {
            starts.Add(() => grains.GetGrain<IWebhookDispatcherGrain>(IWebhookDispatcherGrain.DefaultKey).Start());
        }
        foreach (var start in starts)
        {
            // While a cluster forms, the first calls may find no silo yet: retry, a little slower each time.
            for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await start();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStartRetry(attempt, e.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.ClusterPassStartRetry, Level = LogLevel.Information, Message = "Starting the cluster's passes failed (attempt {Attempt}, {Error}); retrying")]
    private partial void LogStartRetry(int attempt, string error);
}
