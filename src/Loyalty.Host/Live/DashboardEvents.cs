namespace Loyalty.Host.Live;

/// <summary>
/// What a dashboard learns of, published to the <see cref="DashboardBus"/> only after the commit. A null store
/// (a member registered by an admin without a home store) counts for the chain only.
/// </summary>
[GenerateSerializer, Alias("Loyalty.DashboardEvent")]
public abstract record DashboardEvent(DateTimeOffset At);

/// <summary>A committed checkout; <c>Amount</c> is the qualifying spend, the money the member paid.</summary>
[GenerateSerializer, Alias("Loyalty.CheckoutCommitted")]
public sealed record CheckoutCommitted(
    string StoreId,
    string CheckoutId,
    decimal Amount,
    long PointsEarned,
    long PointsRedeemed,
    string Tier,
    bool TierUpgraded,
    DateTimeOffset At) : DashboardEvent(At);

/// <summary>A member registered (counted for the home store).</summary>
[GenerateSerializer, Alias("Loyalty.MemberJoined")]
public sealed record MemberJoined(string? StoreId, DateTimeOffset At) : DashboardEvent(At);
