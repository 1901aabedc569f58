namespace Loyalty.Host.Gifts;

/// <summary>A completed gift redemption, as the HTTP answer shows it (the flow itself is Loyalty.Grains.Flows.GiftRedemptionFlow).</summary>
public sealed record RedemptionReceipt(string RedemptionId, string CatalogItemId, int Quantity, long PointsSpent, long PointsBalance, DateTimeOffset At);
