using System.Net;
using Loyalty.Host.Tests.Support;

namespace Loyalty.Host.Tests;

/// <summary>
/// Orleans' dashboard is on unless <c>Loyalty:Cluster:OrleansDashboard</c> is false: it reads every Orleans gauge once a
/// second, which an operator who watches <c>/metrics</c> instead may not want to pay for (docs/benchmarks.md).
/// </summary>
public sealed class OrleansDashboardSwitchTests
{
    [Fact]
    public async Task The_Orleans_dashboard_is_served_to_admins_by_default()
    {
        using var app = new LoyaltyApp();

        Assert.Equal(HttpStatusCode.OK, (await app.Client("dev-admin").GetAsync("/orleans/index.html")).StatusCode);
        // The start-up prepares the page assets ahead by this type's name: it must be the dashboard's provider.
        var assets = Cluster.OrleansDashboardEndpoints.AssetProviderType;
        Assert.NotNull(assets);
        Assert.NotNull(app.Services.GetService(assets));
    }

    [Fact]
    public async Task Switched_off_the_Orleans_dashboard_is_not_there_and_the_engine_still_answers()
    {
        using var app = new LoyaltyApp(settings: new Dictionary<string, string?> { ["Loyalty:Cluster:OrleansDashboard"] = "false" });
        var admin = app.Client("dev-admin");

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/orleans/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/orleans/DashboardCounters")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/program")).StatusCode);
    }
}
