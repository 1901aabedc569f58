namespace Loyalty.Domain.Reports;

/// <summary>
/// RFM segmentation, the one definition every report store uses (the stores only gather <see cref="RfmFacts"/>).
/// Per member with a checkout: recency = whole days since the last checkout, frequency = checkouts in the 12 months
/// before the report time, monetary = spend (checkouts minus refunds) in those 12 months. Each is scored 1–5 by
/// quintile: score = ceil(5 × share of members whose value is no better than this one's), so ties share a score and
/// the best fifth scores 5 (for recency, fewest days is best).
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

    /// <summary>
    /// Scores every member and counts them per segment, with each segment's average recency, frequency and monetary
    /// (rounded to 2 decimals); segments without members are left out, the rest come in report order.
    /// </summary>
    public static IReadOnlyList<RfmSegmentCount> Classify(IReadOnlyCollection<RfmFacts> members)
    {
        var total = members.Sum(m => m.Members);
        if (total == 0)
        {
            return [];
        }
        // Members no better than a value: fewer or equal checkouts/spend, or as many or more days since the last one.
        var recency = NoBetter(members, m => m.RecencyDays, descending: true);
        var frequency = NoBetter(members, m => m.Frequency, descending: false);
        var monetary = NoBetter(members, m => m.Monetary, descending: false);
        return members
            .Select(m => (m, Segment: Segment(Score(recency[m.RecencyDays], total), Score(frequency[m.Frequency], total), Score(monetary[m.Monetary], total))))
            .GroupBy(x => x.Segment)
            .OrderBy(g => Order(g.Key))
            .Select(g =>
            {
                var count = g.Sum(x => x.m.Members);
                return new RfmSegmentCount(g.Key, count,
                    Money.Round(g.Sum(x => (decimal)x.m.RecencyDays * x.m.Members) / count),
                    Money.Round(g.Sum(x => (decimal)x.m.Frequency * x.m.Members) / count),
                    Money.Round(g.Sum(x => x.m.Monetary * x.m.Members) / count));
            })
            .ToList();
    }

    /// <summary>The segment of each of these figures (in the same order), scored against all of them.</summary>
    public static IReadOnlyList<string> SegmentsOf(IReadOnlyList<RfmFacts> members)
    {
        var total = members.Sum(m => m.Members);
        var recency = NoBetter(members, m => m.RecencyDays, descending: true);
        var frequency = NoBetter(members, m => m.Frequency, descending: false);
        var monetary = NoBetter(members, m => m.Monetary, descending: false);
        return members.Select(m => Segment(Score(recency[m.RecencyDays], total), Score(frequency[m.Frequency], total), Score(monetary[m.Monetary], total)))
            .ToList();
    }

    private static Dictionary<T, long> NoBetter<T>(IEnumerable<RfmFacts> members, Func<RfmFacts, T> value, bool descending) where T : notnull
    {
        var byValue = members.GroupBy(value).Select(g => (Value: g.Key, Members: g.Sum(m => m.Members)));
        var ordered = descending ? byValue.OrderByDescending(v => v.Value) : byValue.OrderBy(v => v.Value);
        var counts = new Dictionary<T, long>();
        var running = 0L;
        foreach (var (v, n) in ordered)
        {
            running += n;
            counts[v] = running;
        }
        return counts;
    }
}

/// <summary>
/// The raw RFM figures of <see cref="Members"/> members who share them (one member each, or a store's grouped rows).
/// </summary>
public sealed record RfmFacts(int RecencyDays, long Frequency, decimal Monetary, long Members = 1);

/// <summary>One segment of the RFM report: how many members, and their average figures.</summary>
public sealed record RfmSegmentCount(string Segment, long Members, decimal AverageRecencyDays, decimal AverageFrequency, decimal AverageMonetary);
