using Loyalty.Host.Apis;
using Loyalty.Host.Auth;
using Loyalty.Host.Demo;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Live;

/// <summary>Composition of the live dashboards: bus, publisher, aggregator, SignalR hub, page and traffic simulator.</summary>
public static class DashboardServiceExtensions
{
    public static WebApplicationBuilder AddLoyaltyDashboards(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration("Loyalty:Dashboard");
        services.AddSingleton(sp => new DashboardBus(sp.GetRequiredService<IOptions<DashboardOptions>>().Value.BusCapacity));
        services.AddSingleton<DashboardForwarder>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardForwarder>());
        services.AddSingleton<DashboardPublisher>();
        services.AddSingleton<LiveAggregator>();
        services.AddHostedService<DashboardPusher>();
        services.AddSignalR();
        services.AddAuthorizationBuilder().AddPolicy(DashboardAuthorization.Policy, policy => policy.RequireRole(Roles.Manager, Roles.Admin));

        services.AddOptions<SimulatorOptions>().BindConfiguration("Loyalty:Simulator");
        services.AddSingleton<TrafficSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficSimulator>());
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboards(this IEndpointRouteBuilder app)
    {
        app.MapHub<DashboardHub>(DashboardHub.Path);
        app.MapLiveApi();
        app.MapSimulatorApi();
        app.MapDashboardPage();
        return app;
    }
}
