namespace Loyalty.Domain.Tiers;

/// <summary>Tier upgrade, requalification review and progress (domain.md §2); the caller supplies the metric.</summary>
/// <remarks>
/// The metric is whatever <see cref="ProgramSettings.QualifyingMetric"/> names (rolling spend,
/// calendar-year spend, lifetime spend or points earned), compared against the tiers'
/// <see cref="TierDefinition.QualifyingSpend"/> thresholds. Tiers are ordered lowest first.
/// </remarks>
public static class TierRules
{
    /// <summary>The member's qualifying metric today, as the program names it: a spend figure, or the points earned.</summary>
    public static decimal Metric(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today) =>
        spend.Metric(p.QualifyingMetric, today) ?? pointsEarned;

    /// <summary>The metric once a checkout is counted: its qualifying spend, or the points it earns under the points metric.</summary>
    public static decimal MetricAfterCheckout(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today,
        decimal qualifyingSpend, long checkoutPoints) => p.QualifyingMetric == QualifyingMetric.PointsEarned
            ? pointsEarned + checkoutPoints
            : Metric(p, spend, pointsEarned, today) + qualifyingSpend;

    /// <summary>The highest tier whose threshold is at or below the metric (the first tier for anything lower, e.g. after refunds).</summary>
    public static string TierFor(ProgramSettings p, decimal qualifyingMetric) => p.Tiers[IndexFor(p, qualifyingMetric)].Id;

    /// <summary>The highest tier whose one-purchase value is at or below this checkout's qualifying spend; the first tier when none is.</summary>
    public static string TierForSinglePurchase(ProgramSettings p, decimal purchase) =>
        p.Tiers[IndexForSinglePurchase(p, purchase)].Id;

    /// <summary>
    /// The tier after a checkout: the highest reached by the metric or (when the program enables it)
    /// by the single-purchase shortcut, and never lower than <paramref name="current"/>: upgrades
    /// are immediate, downgrades only happen at a <see cref="Review"/>.
    /// </summary>
    public static string Upgrade(ProgramSettings p, string current, decimal metric, decimal singlePurchase)
    {
        var index = Math.Max(p.TierIndex(current), IndexFor(p, metric));
        if (p.SinglePurchaseShortcut)
        {
            index = Math.Max(index, IndexForSinglePurchase(p, singlePurchase));
        }

        return p.Tiers[index].Id;
    }

    /// <summary>
    /// Requalification (保级) at the end of the hold period: keep the tier when the last 12 months'
    /// metric still meets its threshold, otherwise drop to the highest tier the metric supports but
    /// at most <see cref="ProgramSettings.DowngradeStepsPerReview"/> steps. A review never upgrades.
    /// </summary>
    public static string Review(ProgramSettings p, string current, decimal metricLast12Months)
    {
        var currentIndex = p.TierIndex(current);
        if (metricLast12Months >= p.Tiers[currentIndex].QualifyingSpend)
        {
            return current;
        }

        var floor = Math.Max(0, currentIndex - Math.Max(1, p.DowngradeStepsPerReview));
        return p.Tiers[Math.Max(floor, IndexFor(p, metricLast12Months))].Id;
    }

    /// <summary>Progress towards the next tier and towards keeping the current one.</summary>
    public static TierProgress Progress(ProgramSettings p, string current, decimal metric)
    {
        var index = p.TierIndex(current);
        var tier = p.Tiers[index];
        var next = index + 1 < p.Tiers.Count ? p.Tiers[index + 1] : null;
        return new TierProgress(
            tier.Id,
            next?.Id,
            next is null ? 0m : Math.Max(0m, next.QualifyingSpend - metric),
            Math.Max(0m, tier.QualifyingSpend - metric));
    }

    private static int IndexFor(ProgramSettings p, decimal metric)
    {
        var index = 0;
        for (var i = 0; i < p.Tiers.Count; i++)
        {
            if (p.Tiers[i].QualifyingSpend <= metric)
            {
                index = i;
            }
        }

        return index;
    }

    private static int IndexForSinglePurchase(ProgramSettings p, decimal purchase)
    {
        var index = 0;
        for (var i = 0; i < p.Tiers.Count; i++)
        {
            if (p.Tiers[i].SinglePurchase is { } single && single <= purchase)
            {
                index = i;
            }
        }

        return index;
    }
}
