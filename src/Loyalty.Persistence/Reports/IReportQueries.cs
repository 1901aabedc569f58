using Loyalty.Domain.Reports;

namespace Loyalty.Persistence.Reports;

/// <summary>
/// Report queries read straight from storage (grain summaries and the ledger), never activating grains.
/// <c>storeId</c> null = the whole chain. Population reports (joined, tiers, liability, points) count members by
/// their home store; activity reports (active, sales, RFM) count checkouts by the store where they happened.
/// Time ranges are half-open: <c>from</c> ≤ at &lt; <c>to</c>.
/// </summary>
public interface IReportQueries
{
    /// <summary>Registrations per program-local day (days without any are left out).</summary>
    Task<IReadOnlyList<DayCount>> MembersJoined(string? storeId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct = default);

    /// <summary>Members with at least one checkout at or after <paramref name="since"/>.</summary>
    Task<long> ActiveMembers(string? storeId, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>Members per tier (cancelled members left out).</summary>
    Task<IReadOnlyList<TierCount>> TierDistribution(string? storeId, CancellationToken ct = default);

    /// <summary>Points earned and redeemed at checkout, expired, and every other kind's positive and negative sums.</summary>
    Task<PointsFlow> PointsFlow(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>Points and pending points members hold, and stored value on their cards, now.</summary>
    Task<Liability> Liability(string? storeId, CancellationToken ct = default);

    /// <summary>Checkout and refund spend per store.</summary>
    Task<IReadOnlyList<StoreSales>> SalesByStore(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// The RFM figures of every member with a checkout (members with equal figures may come as one row with their
    /// count); <see cref="Rfm.Classify"/> turns them into segments, the same for every store.
    /// </summary>
    Task<IReadOnlyList<RfmFacts>> RfmFacts(string? storeId, DateTimeOffset asOf, CancellationToken ct = default);

    /// <summary>The RFM figures of every member with a checkout anywhere, one row per member (outreach to a segment).</summary>
    Task<IReadOnlyList<Domain.Outreach.MemberRfmFacts>> RfmFactsByMember(DateTimeOffset asOf, CancellationToken ct = default);

    /// <summary>Member ids after <paramref name="after"/> (null = from the first) in ordinal order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> MemberIdsAfter(string? after, int limit, CancellationToken ct = default);
}

public sealed record DayCount(DateOnly Day, long Count);

public sealed record TierCount(string Tier, long Members);

public sealed record PointsByKind(string Kind, long Positive, long Negative);

public sealed record PointsFlow(long EarnedAtCheckout, long RedeemedAtCheckout, long Expired, IReadOnlyList<PointsByKind> ByKind);

public sealed record Liability(long Members, long Points, long PendingPoints, decimal StoredValue);

public sealed record StoreSales(string StoreId, long Checkouts, long Refunds, decimal Sales);

