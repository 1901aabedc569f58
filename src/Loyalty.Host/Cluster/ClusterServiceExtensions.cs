using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Host.Cluster;

/// <summary>Composition of the cluster-wide parts: the host directory membership, its readiness, Orleans' dashboard.</summary>
public static class ClusterServiceExtensions
{
    /// <summary>Call right after the silo (or client) is added: the peers must join before the program data loads.</summary>
    public static WebApplicationBuilder AddLoyaltyCluster(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ClusterPeers>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterPeers>());
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        services.AddOrleansDashboardAccess();
        return builder;
    }
}

/// <summary>Ready means this host reached the cluster recently (a grain call to the host directory succeeded).</summary>
public sealed class ClusterHealthCheck(ClusterPeers peers) : IHealthCheck
{
    /// <summary>Five missed renewals.</summary>
    public static readonly TimeSpan Stale = ClusterPeers.RenewInterval * 5;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(peers.SinceLastJoined switch
        {
            null => HealthCheckResult.Unhealthy("not yet joined the cluster"),
            var since when since > Stale => HealthCheckResult.Unhealthy($"the cluster last answered {since.Value.TotalSeconds:F0} s ago"),
            _ => HealthCheckResult.Healthy($"{peers.Others.Count} other hosts"),
        });
}
