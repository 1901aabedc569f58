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

    /// <summary>Members with a checkout, by RFM segment (see <see cref="Rfm"/>).</summary>
    Task<IReadOnlyList<RfmSegmentCount>> RfmSegments(string? storeId, DateTimeOffset asOf, CancellationToken ct = default);
}

public sealed record DayCount(DateOnly Day, long Count);

public sealed record TierCount(string Tier, long Members);

public sealed record PointsByKind(string Kind, long Positive, long Negative);

public sealed record PointsFlow(long EarnedAtCheckout, long RedeemedAtCheckout, long Expired, IReadOnlyList<PointsByKind> ByKind);

public sealed record Liability(long Members, long Points, long PendingPoints, decimal StoredValue);

public sealed record StoreSales(string StoreId, long Checkouts, long Refunds, decimal Sales);

public sealed record RfmSegmentCount(string Segment, long Members, decimal AverageRecencyDays, decimal AverageFrequency, decimal AverageMonetary);

/// <summary>
/// RFM scoring shared by every implementation. Per member with a checkout: recency = whole days since the last
/// checkout, frequency = checkouts in the 12 months before the report time, monetary = spend (checkouts minus
/// refunds) in those 12 months. Each is scored 1–5 by quintile: score = ceil(5 × share of members whose value is
/// no better than this one's), so ties share a score and the best fifth scores 5 (for recency, fewest days is best).
/// </summary>
public static class Rfm
{
    public const string Champions = "champions";
    public const string Loyal = "loyal";
    public const string New = "new";
    public const string NeedsAttention = "needs_attention";
    public const string AtRisk = "at_risk";
    public const string Hibernating = "hibernating";
    public const string Lost = "lost";

    /// <summary>All segments in report order.</summary>
    public static readonly IReadOnlyList<string> Segments = [Champions, Loyal, New, NeedsAttention, AtRisk, Hibernating, Lost];

    /// <summary>Position of a segment in <see cref="Segments"/> (report order).</summary>
    public static int Order(string segment)
    {
        for (var i = 0; i < Segments.Count; i++)
        {
            if (Segments[i] == segment)
            {
                return i;
            }
        }
        return Segments.Count;
    }

    /// <summary>Quintile score from the number of members no better than this one (ties included) out of <paramref name="total"/>.</summary>
    public static int Score(long noBetter, long total) => (int)((5 * noBetter + total - 1) / total);

    /// <summary>
    /// champions: R≥4, F≥4, M≥4; loyal: R≥3, F≥3; new: R≥4, F≤2; needs_attention: R=3, F≤2;
    /// at_risk: R≤2, F≥3 (bought often, not lately); hibernating: R=2, F≤2; lost: R=1, F≤2.
    /// </summary>
    public static string Segment(int r, int f, int m) => (r, f, m) switch
    {
        ( >= 4, >= 4, >= 4) => Champions,
        ( >= 3, >= 3, _) => Loyal,
        ( >= 4, _, _) => New,
        (3, _, _) => NeedsAttention,
        (_, >= 3, _) => AtRisk,
        (2, _, _) => Hibernating,
        _ => Lost,
    };

    /// <summary>Whole days between the last checkout and the report time.</summary>
    public static int RecencyDays(DateTimeOffset asOf, DateTimeOffset last) => (int)Math.Floor((asOf - last).TotalDays);
}
