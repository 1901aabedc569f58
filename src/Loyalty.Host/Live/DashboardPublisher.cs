using Loyalty.Grains.Contracts;

namespace Loyalty.Host.Live;

/// <summary>
/// Turns committed results into dashboard events. Called after the grain has answered (its answer comes only
/// after the commit), so a dashboard never shows what was not kept; it never blocks or throws.
/// </summary>
public sealed class DashboardPublisher(DashboardBus bus)
{
    public void CheckoutCommitted(Receipt receipt) => bus.Publish(new CheckoutCommitted(
        receipt.StoreId,
        receipt.CheckoutId,
        receipt.QualifyingSpend,
        receipt.PointsEarned,
        receipt.PointsRedeemed,
        receipt.TierAfter,
        receipt.TierAfter != receipt.TierBefore,
        receipt.At));

    public void MemberJoined(MemberView member) => bus.Publish(new MemberJoined(member.HomeStoreId, member.JoinedAt));
}
