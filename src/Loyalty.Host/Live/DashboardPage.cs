namespace Loyalty.Host.Live;

/// <summary>Serves the page <c>/dashboard</c> (static files in wwwroot/dashboard; libraries vendored in wwwroot/lib).</summary>
public static class DashboardPage
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder app)
    {
        // The page holds no data and no key: anyone may load it, the key typed into it decides what it shows.
        app.MapGet(Path, (IWebHostEnvironment environment) =>
        {
            var page = environment.WebRootFileProvider.GetFileInfo("dashboard/index.html");
            return page.Exists && page.PhysicalPath is not null
                ? Results.File(page.PhysicalPath, "text/html; charset=utf-8")
                : Results.NotFound();
        }).ExcludeFromDescription();
        return app;
    }
}
