using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>What a dashboard key may watch: its role, its store (managers) and whether the chain.</summary>
public sealed record LiveViewer(string Role, string? StoreId, bool MayWatchChain);

/// <summary>The last 15 minutes of live ticks, so a dashboard opened mid-promotion starts full (same rules as the hub).</summary>
public static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").RequireAuthorization(DashboardAuthorization.Policy).WithTags("Live dashboards");
        group.MapGet("/stores/{storeId}/live", GetStoreLive).WithName(nameof(GetStoreLive)).Errors(ErrorCodes.NotFound);
        group.MapGet("/chain/live", GetChainLive).WithName(nameof(GetChainLive));
        group.MapGet("/live/me", GetLiveViewer).WithName(nameof(GetLiveViewer));
        return app;
    }

    public static Results<Ok<LiveSnapshot>, ProblemHttpResult> GetStoreLive(string storeId, ClaimsPrincipal user, LiveAggregator aggregator,
        StoreDirectory stores)
    {
        if (!stores.IsKnown(storeId))
        {
            return Problems.NotFound($"No store {storeId} in the chain.");
        }
        if (!DashboardAuthorization.MayWatchStore(Caller.From(user), storeId))
        {
            return Problems.Forbidden($"This key may not watch store {storeId}.");
        }
        // A store with no activity yet has an empty history rather than a 404: the dashboard simply starts at zero.
        return TypedResults.Ok(aggregator.Store(storeId)?.Snapshot() ?? new LiveSnapshot(storeId, [], []));
    }

    /// <summary>Who the key is, so the page offers only what it may watch (clerks get 403 here like everywhere on the dashboard).</summary>
    public static Ok<LiveViewer> GetLiveViewer(ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        return TypedResults.Ok(new LiveViewer(caller.Role, caller.StoreId, DashboardAuthorization.MayWatchChain(caller)));
    }

    public static Results<Ok<LiveSnapshot>, ProblemHttpResult> GetChainLive(ClaimsPrincipal user, LiveAggregator aggregator) =>
        DashboardAuthorization.MayWatchChain(Caller.From(user))
            ? TypedResults.Ok(aggregator.Chain.Snapshot())
            : Problems.Forbidden("Only an admin key may watch the chain.");
}
