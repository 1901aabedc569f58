using Loyalty.Host.Auth;
using Loyalty.Persistence;
using OpenTelemetry.Metrics;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Metrics for operators: the engine's <c>Loyalty</c> meter and Orleans' meters (names starting
/// <c>Microsoft.Orleans</c>) through OpenTelemetry, scraped in Prometheus text format at <c>GET /metrics</c> with an
/// admin key (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>, which is what Prometheus' <c>authorization</c> sends).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddLoyaltyTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LoyaltyMeter.Meter.Name)
            .AddMeter("Microsoft.Orleans*")
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return app;
    }
}
