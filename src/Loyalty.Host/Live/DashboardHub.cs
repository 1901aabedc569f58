using Loyalty.Host.Apis;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Loyalty.Host.Live;

/// <summary>
/// The live dashboards' hub (<c>/hubs/dashboard</c>): managers and admins connect (clerks and unknown keys are
/// refused at connect), then subscribe; the server pushes <c>tick</c> and <c>checkout</c>, nothing else comes in.
/// </summary>
[Authorize(Policy = DashboardAuthorization.Policy)]
public sealed class DashboardHub(LiveAggregator aggregator, StoreDirectory stores) : Hub
{
    public const string Path = "/hubs/dashboard";

    /// <summary>Watch one store: a manager their own, an admin any.</summary>
    public async Task SubscribeStore(string storeId)
    {
        var caller = Caller.From(Context.User!);
        if (!MemberApi.IsPlausibleId(storeId ?? "") || storeId!.Length > 32 || !stores.IsKnown(storeId))
        {
            throw new HubException("Not a store of the chain.");
        }
        if (!DashboardAuthorization.MayWatchStore(caller, storeId))
        {
            throw new HubException($"This key may not watch store {storeId}.");
        }
        if (aggregator.Watch(storeId) is null)
        {
            throw new HubException("Too many stores are watched.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardClientMethods.StoreGroup(storeId));
    }

    /// <summary>Watch the whole chain: admins only.</summary>
    public async Task SubscribeChain()
    {
        if (!DashboardAuthorization.MayWatchChain(Caller.From(Context.User!)))
        {
            throw new HubException("Only an admin key may watch the chain.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardClientMethods.ChainGroup);
    }
}
