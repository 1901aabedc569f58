namespace Loyalty.Host.Live;

/// <summary>
/// The <c>tick</c> of api.md: what happened in one second in a store (or the chain when <c>StoreId</c> is null).
/// <c>At</c> is the start of that second.
/// </summary>
public sealed record LiveTick(
    string? StoreId,
    DateTimeOffset At,
    int Checkouts,
    decimal Sales,
    long PointsEarned,
    long PointsRedeemed,
    int NewMembers,
    int TierUpgrades);

/// <summary>The <c>checkout</c> message of api.md, for the recent-activity list.</summary>
public sealed record LiveCheckout(string StoreId, string CheckoutId, decimal Amount, string Tier, DateTimeOffset At);

/// <summary>What <c>GET …/live</c> answers: the last 15 minutes of ticks (oldest first) and the latest checkouts (newest first).</summary>
public sealed record LiveSnapshot(string? StoreId, IReadOnlyList<LiveTick> Ticks, IReadOnlyList<LiveCheckout> RecentCheckouts);
