using Loyalty.Host.Auth;

namespace Loyalty.Host.Live;

/// <summary>Who may watch what: a manager their own store, an admin any store and the chain, a clerk nothing.</summary>
public static class DashboardAuthorization
{
    /// <summary>The policy of the hub and the live endpoints: manager or admin.</summary>
    public const string Policy = "dashboard";

    public static bool MayWatchStore(Caller caller, string storeId) => caller.IsManagerOrAdmin && caller.MayActFor(storeId);

    public static bool MayWatchChain(Caller caller) => caller.IsAdmin;
}
