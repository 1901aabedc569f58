using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Loyalty.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Loyalty.Host.Cluster;

/// <summary>
/// Orleans' own dashboard (silos, activations, call rates, errors) at <c>/orleans</c>, for admins only. Its page
/// fetches its data with plain browser requests that cannot carry an <c>X-Api-Key</c> header, so it also accepts
/// HTTP Basic authentication with the API key as the password: the browser asks once and then sends it with every
/// request of the page. Scripts may use the header as everywhere else.
/// </summary>
public static class OrleansDashboardEndpoints
{
    public const string Path = "/orleans";
    public const string Policy = "orleans-dashboard";

    public static IServiceCollection AddOrleansDashboardAccess(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BasicApiKeyAuthenticationHandler>(BasicApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, BasicApiKeyAuthenticationHandler.SchemeName)
            .RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>
    /// The dashboard's asset provider, found by name: it is internal to the package (a test keeps the name true). It gzips
    /// the dashboard's embedded pages when it is first made, which <see cref="MapOrleansDashboardForAdmins"/> would do on
    /// the start-up path (<see cref="Infrastructure.StartupAhead"/> makes it beforehand).
    /// </summary>
    public static Type? AssetProviderType { get; } = typeof(DashboardOptions).Assembly.GetType("Orleans.Dashboard.EmbeddedAssetProvider");

    public static IEndpointRouteBuilder MapOrleansDashboardForAdmins(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<Infrastructure.ClusterSettings>().OrleansDashboard)
        {
            return app;
        }
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(Policy).ExcludeFromDescription();
        return app;
    }
}

/// <summary><c>Authorization: Basic</c> with any user name and an API key as the password; its challenge makes browsers ask.</summary>
public sealed class BasicApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BasicApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        string key;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            key = decoded[(decoded.IndexOf(':') + 1)..];
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }
        if (!keys.CurrentValue.ApiKeys.TryGetValue(key, out var entry))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, entry.Role), new Claim(Roles.KeyIdClaim, ApiKeyAuthenticationHandler.Fingerprint(key))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard (user: anything, password: an admin API key)\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }
}
