using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Loyalty.Host.Apis;

/// <summary>Liveness (the process answers) and readiness (the storage answers).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
