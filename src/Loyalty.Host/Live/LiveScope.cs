namespace Loyalty.Host.Live;

/// <summary>
/// One store, or the chain: the second being counted, the last 15 minutes of ticks and the latest checkouts.
/// Written by the aggregator, read by the live endpoints, hence the lock (held for microseconds).
/// </summary>
public sealed class LiveScope(string? storeId, int historySeconds, int recentCheckouts)
{
    private readonly Lock _lock = new();
    private readonly Ring<LiveTick> _ticks = new(historySeconds);
    private readonly Ring<LiveCheckout> _recent = new(recentCheckouts);
    private int _checkouts;
    private decimal _sales;
    private long _pointsEarned;
    private long _pointsRedeemed;
    private int _newMembers;
    private int _tierUpgrades;

    public string? StoreId { get; } = storeId;

    public void Count(CheckoutCommitted checkout)
    {
        lock (_lock)
        {
            _checkouts++;
            _sales += checkout.Amount;
            _pointsEarned += checkout.PointsEarned;
            _pointsRedeemed += checkout.PointsRedeemed;
            _tierUpgrades += checkout.TierUpgraded ? 1 : 0;
            _recent.Add(new LiveCheckout(checkout.StoreId, checkout.CheckoutId, checkout.Amount, checkout.Tier, checkout.At));
        }
    }

    public void Count(MemberJoined joined)
    {
        lock (_lock)
        {
            _newMembers++;
        }
    }

    /// <summary>Ends the second that started at <paramref name="second"/>: its tick is kept and returned, counting starts afresh.</summary>
    public LiveTick Close(DateTimeOffset second)
    {
        lock (_lock)
        {
            var tick = new LiveTick(StoreId, second, _checkouts, _sales, _pointsEarned, _pointsRedeemed, _newMembers, _tierUpgrades);
            _ticks.Add(tick);
            (_checkouts, _sales, _pointsEarned, _pointsRedeemed, _newMembers, _tierUpgrades) = (0, 0m, 0, 0, 0, 0);
            return tick;
        }
    }

    public LiveSnapshot Snapshot()
    {
        lock (_lock)
        {
            var recent = _recent.ToArray();
            Array.Reverse(recent);
            return new LiveSnapshot(StoreId, _ticks.ToArray(), recent);
        }
    }
}
