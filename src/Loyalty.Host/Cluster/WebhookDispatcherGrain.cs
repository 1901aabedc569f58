using Loyalty.Host.Notifications;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Cluster;

/// <summary>The cluster's one webhook dispatcher (key "default"): a delivery pass every poll interval.</summary>
[Alias("Loyalty.IWebhookDispatcherGrain")]
public interface IWebhookDispatcherGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [Alias("Start")]
    Task Start();

    [Alias("RunPass"), ResponseTimeout("00:30:00")]
    Task<WebhookPassReport> RunPass();
}

[GrainType("webhook-dispatcher")]
public sealed class WebhookDispatcherGrain(WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookDispatcherGrain> logger)
    : ClusterPassGrain<WebhookPassReport>(logger), IWebhookDispatcherGrain
{
    protected override bool Enabled => options.Value.Enabled && options.Value.Endpoints.Count > 0;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task<WebhookPassReport> RunPassAsync(CancellationToken ct) => dispatcher.RunOnceAsync(ct);

    public Task<WebhookPassReport> RunPass() => RunNowAsync();
}
