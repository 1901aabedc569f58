namespace Loyalty.Host.Live;

/// <summary>Names of the client methods the hub calls, and of the groups it sends to (api.md, Live dashboards).</summary>
public static class DashboardClientMethods
{
    public const string Tick = "tick";
    public const string Checkout = "checkout";

    public const string ChainGroup = "chain";

    public static string StoreGroup(string storeId) => "store:" + storeId;
}
