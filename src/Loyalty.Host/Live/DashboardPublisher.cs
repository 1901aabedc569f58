using Loyalty.Grains.Contracts;

namespace Loyalty.Host.Live;

/// <summary>
/// Turns committed results into dashboard events. Called after the grain has answered (its answer comes only
/// after the commit), so a dashboard never shows what was not kept; it never blocks or throws. Each event goes to
/// this host's dashboards and to the other hosts' (<see cref="DashboardForwarder"/>).
/// </summary>
public sealed class DashboardPublisher(DashboardBus bus, DashboardForwarder forwarder)
{
    public void CheckoutCommitted(Receipt receipt) => Publish(new CheckoutCommitted(
        receipt.StoreId,
        receipt.CheckoutId,
        receipt.QualifyingSpend,
        receipt.PointsEarned,
        receipt.PointsRedeemed,
        receipt.TierAfter,
        receipt.TierAfter != receipt.TierBefore,
        receipt.At));

    public void MemberJoined(MemberView member) => Publish(new MemberJoined(member.HomeStoreId, member.JoinedAt));

    private void Publish(DashboardEvent item)
    {
        bus.Publish(item);
        forwarder.Forward(item);
    }
}
