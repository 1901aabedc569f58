namespace Loyalty.Host.Infrastructure;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Completes once every hosted service has started (so the stored program, promotions and coupon templates are
    /// loaded: <see cref="CatalogLoader"/>), or cancels when the host stops first. Background work that reads the
    /// catalogues waits for it instead of racing the loader.
    /// </summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }
}
