using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header, <c>Authorization: Bearer &lt;key&gt;</c>, or the <c>access_token</c> query
/// (browsers cannot set headers on a WebSocket). The key itself is never
/// logged; the claims carry a short fingerprint of it to record who acted.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[Header];
        if (string.IsNullOrEmpty(key) && BearerToken(Request.Headers.Authorization) is { } bearer)
        {
            // What every SignalR client's accessTokenFactory sends on negotiate (and Prometheus' bearer_token).
            key = bearer;
        }
        if (string.IsNullOrEmpty(key))
        {
            key = Request.Query["access_token"];
        }
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!keys.CurrentValue.ApiKeys.TryGetValue(key, out var entry))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        List<Claim> claims =
        [
            new(ClaimTypes.Role, entry.Role),
            new(Roles.KeyIdClaim, Fingerprint(key)),
        ];
        if (entry.Store is not null)
        {
            claims.Add(new Claim(Roles.StoreClaim, entry.Store));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private static string? BearerToken(string? authorization) =>
        authorization is { Length: > 7 } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value[7..].Trim()
            : null;

    // Only configured keys get this far, so the cache stays as small as the key list; it saves a SHA-256 per request.
    private static readonly ConcurrentDictionary<string, string> Fingerprints = new();

    /// <summary>A stable, non-reversible name for a key: role plus a short hash.</summary>
    public static string Fingerprint(string key) => Fingerprints.GetOrAdd(key, static k =>
        "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k)))[..8]);
}
