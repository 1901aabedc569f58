using Loyalty.Host.Cluster;
using Loyalty.Host.Jobs;
using Loyalty.Host.Notifications;

namespace Loyalty.Host.Infrastructure;

/// <summary>Composition of the scheduled jobs and the webhook dispatcher, and the start of their cluster-wide timers.</summary>
public static class JobServiceExtensions
{
    public static IServiceCollection AddLoyaltyJobs(this IServiceCollection services)
    {
        services.AddOptions<JobSchedulerOptions>().BindConfiguration("Loyalty:Jobs")
            .Validate(o => o.Interval > TimeSpan.Zero && o.BatchSize > 0 && o.Parallelism > 0,
                "Loyalty:Jobs needs a positive Interval, BatchSize and Parallelism.")
            .ValidateOnStart();
        // The passes themselves; the cluster runs them through one grain each (Cluster/), so once per cluster.
        services.AddSingleton<JobScheduler>();

        services.AddOptions<OutreachOptions>().BindConfiguration("Loyalty:Outreach")
            .Validate(o => o.BatchSize > 0, "Loyalty:Outreach needs a positive BatchSize.")
            .ValidateOnStart();
        services.AddSingleton<CouponOutreachRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<CouponOutreachRunner>());

        services.AddOptions<WebhookOptions>().BindConfiguration("Loyalty:WebhookDelivery")
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection("Loyalty:Webhooks").Bind(options.Endpoints))
            .Validate(ValidWebhooks, "Each Loyalty:Webhooks entry needs a unique name, an absolute http(s) url and a secret; MaxAttempts ≥ 1.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<ClusterPassStarter>();
        return services;
    }

    private static bool ValidWebhooks(WebhookOptions options) =>
        options.MaxAttempts >= 1
        && options.BaseDelay > TimeSpan.Zero
        && options.PollInterval > TimeSpan.Zero
        && options.Endpoints.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() == options.Endpoints.Count
        && options.Endpoints.All(e =>
            !string.IsNullOrWhiteSpace(e.Name)
            && !string.IsNullOrEmpty(e.Secret)
            && Uri.TryCreate(e.Url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}
