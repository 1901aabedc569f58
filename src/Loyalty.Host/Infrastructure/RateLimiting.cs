using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Loyalty.Grains;
using Loyalty.Host.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Section <c>Loyalty:RateLimit</c>: each API key gets <see cref="PermitLimit"/> requests per <see cref="Window"/>
/// (a token bucket, so a burst up to the limit passes at once). The default, 20,000 per second, is far above what one
/// till or the load tool sends, so only a runaway client is slowed down.
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    public int PermitLimit { get; set; } = 20_000;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Rate limiting per API key: token buckets of System.Threading.RateLimiting (what ASP.NET Core's rate limiter is built
/// on), answered 429 <c>rate_limited</c> with <c>Retry-After</c>. Our own two-line middleware instead of
/// <c>UseRateLimiter</c>: ASP.NET Core's middleware creates a partitioned limiter of its own that it never disposes,
/// and that limiter's replenishment timer keeps a stopped host reachable (in the test process, every host: ~80 MB each).
/// The limiter here is a singleton, disposed with the host.
/// </summary>
public static class RateLimiting
{
    public static WebApplicationBuilder AddLoyaltyRateLimiting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("Loyalty:RateLimit")
            .Validate(o => o.PermitLimit > 0 && o.Window > TimeSpan.Zero, "Loyalty:RateLimit needs a positive PermitLimit and Window.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            return PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, o));
        });
        return builder;
    }

    /// <summary>After authentication (buckets are per key), before authorization and the endpoints.</summary>
    public static IApplicationBuilder UseLoyaltyRateLimiting(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<PartitionedRateLimiter<HttpContext>>();
        var window = app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Window;
        return app.Use(async (context, next) =>
        {
            using var lease = limiter.AttemptAcquire(context);
            if (lease.IsAcquired)
            {
                await next(context);
                return;
            }
            await Reject(context, lease, window);
        });
    }

    /// <summary>
    /// One bucket per authenticated key (by its fingerprint); requests that presented a key the handler refused share a
    /// bucket per client address (so guessing keys is slowed too); requests without any key (health, OpenAPI, the page) are
    /// not limited.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions o)
    {
        if (!o.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }
        var key = context.User.FindFirstValue(Roles.KeyIdClaim);
        if (key is null)
        {
            var presented = context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                || context.Request.Headers.ContainsKey("Authorization") || context.Request.Query.ContainsKey("access_token");
            if (!presented)
            {
                return RateLimitPartition.GetNoLimiter("anonymous");
            }
            key = "address:" + context.Connection.RemoteIpAddress;
        }
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.PermitLimit,
            TokensPerPeriod = o.PermitLimit,
            ReplenishmentPeriod = o.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask Reject(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = Problems.TitleFor(ErrorCodes.RateLimited),
            Detail = $"Too many requests for this API key; retry after {seconds} s.",
        };
        problem.Extensions["code"] = ErrorCodes.RateLimited;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
