namespace Loyalty.Domain.Tiers;

/// <summary>Tier upgrade, requalification review and progress (domain.md §2); the caller supplies the history the metric is read from.</summary>
/// <remarks>
/// The metric is whatever <see cref="ProgramSettings.QualifyingMetric"/> names (rolling spend over
/// <see cref="ProgramSettings.QualifyingWindowMonths"/>, calendar-year spend, lifetime spend, points earned, purchases in
/// the window, points in the calendar quarter, or spend-or-points), compared against the tiers'
/// <see cref="TierDefinition.QualifyingSpend"/> thresholds (and <see cref="TierDefinition.QualifyingPoints"/> for
/// spend-or-points). Tiers are ordered lowest first.
/// </remarks>
public static class TierRules
{
    /// <summary>The member's qualifying metric today, as the program names it (the spend part under spend-or-points).</summary>
    public static decimal Metric(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today) =>
        Measure(p, spend, pointsEarned, today).Value;

    /// <summary>The member's measure today for upgrades: the metric over the qualifying window (or quarter, year, lifetime).</summary>
    public static TierMeasure Measure(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today)
    {
        var from = SpendHistory.WindowStart(today, p.QualifyingWindowMonths);
        return p.QualifyingMetric switch
        {
            QualifyingMetric.RollingTwelveMonthSpend => spend.SpendBetween(from, today),
            QualifyingMetric.CalendarYearSpend => spend.CalendarYear(today.Year),
            QualifyingMetric.LifetimeSpend => spend.Lifetime,
            QualifyingMetric.PurchaseCount => spend.PurchasesBetween(from, today),
            QualifyingMetric.QuarterPoints => spend.PointsBetween(SpendHistory.QuarterStart(today), today),
            QualifyingMetric.SpendOrPoints => new TierMeasure(spend.SpendBetween(from, today), spend.PointsBetween(from, today)),
            _ => pointsEarned,
        };
    }

    /// <summary>The metric once a checkout is counted: its qualifying spend, or the points it earns under the points metric.</summary>
    public static decimal MetricAfterCheckout(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today,
        decimal qualifyingSpend, long checkoutPoints) =>
        MeasureAfterCheckout(p, spend, pointsEarned, today, qualifyingSpend, checkoutPoints).Value;

    /// <summary>The measure once a checkout is counted: its spend, its points, or one more purchase, as the metric reads.</summary>
    public static TierMeasure MeasureAfterCheckout(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today,
        decimal qualifyingSpend, long checkoutPoints)
    {
        var now = Measure(p, spend, pointsEarned, today);
        return p.QualifyingMetric switch
        {
            QualifyingMetric.PointsEarned or QualifyingMetric.QuarterPoints => now.Value + checkoutPoints,
            QualifyingMetric.PurchaseCount => now.Value + 1,
            QualifyingMetric.SpendOrPoints => new TierMeasure(now.Value + qualifyingSpend, now.Points + checkoutPoints),
            _ => now.Value + qualifyingSpend,
        };
    }

    /// <summary>
    /// The measure a requalification review reads: the window of the hold itself. Under
    /// <see cref="TierValidity.HoldMonths"/> the <see cref="ProgramSettings.TierHoldMonths"/> months ending today; under
    /// <see cref="TierValidity.CalendarYearEnd"/> the calendar year before <paramref name="reviewOn"/> (the year the tier
    /// was held). Calendar-year spend held for months keeps reading the current year; lifetime metrics read lifetime.
    /// </summary>
    public static TierMeasure ReviewMeasure(ProgramSettings p, SpendHistory spend, long pointsEarned, DateOnly today, DateOnly? reviewOn)
    {
        DateOnly first, last;
        if (p.TierValidity == TierValidity.CalendarYearEnd)
        {
            var year = (reviewOn ?? new DateOnly(today.Year + 1, 1, 1)).AddDays(-1).Year;
            (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }
        else
        {
            (first, last) = (SpendHistory.WindowStart(today, p.TierHoldMonths), today);
        }

        return p.QualifyingMetric switch
        {
            QualifyingMetric.RollingTwelveMonthSpend => spend.SpendBetween(first, last),
            QualifyingMetric.CalendarYearSpend => p.TierValidity == TierValidity.CalendarYearEnd
                ? spend.SpendBetween(first, last)
                : spend.CalendarYear(today.Year),
            QualifyingMetric.PurchaseCount => spend.PurchasesBetween(first, last),
            QualifyingMetric.QuarterPoints => spend.BestQuarterPoints(first, last),
            QualifyingMetric.SpendOrPoints => new TierMeasure(spend.SpendBetween(first, last), spend.PointsBetween(first, last)),
            _ => Measure(p, spend, pointsEarned, today),
        };
    }

    /// <summary>The highest tier the measure reaches (the first tier for anything lower, e.g. after refunds).</summary>
    public static string TierFor(ProgramSettings p, TierMeasure qualifyingMetric) => p.Tiers[IndexFor(p, qualifyingMetric)].Id;

    /// <summary>The highest tier whose one-purchase value is at or below this checkout's qualifying spend; the first tier when none is.</summary>
    public static string TierForSinglePurchase(ProgramSettings p, decimal purchase) =>
        p.Tiers[IndexForSinglePurchase(p, purchase)].Id;

    /// <summary>
    /// The tier after a checkout: the highest reached by the metric or (when the program enables it)
    /// by the single-purchase shortcut, and never lower than <paramref name="current"/>: upgrades
    /// are immediate, downgrades only happen at a <see cref="Review"/>.
    /// </summary>
    public static string Upgrade(ProgramSettings p, string current, TierMeasure metric, decimal singlePurchase)
    {
        var index = Math.Max(p.TierIndex(current), IndexFor(p, metric));
        if (p.SinglePurchaseShortcut)
        {
            index = Math.Max(index, IndexForSinglePurchase(p, singlePurchase));
        }

        return p.Tiers[index].Id;
    }

    /// <summary>
    /// Requalification (保级) at the end of the hold period: keep the tier when the review window's
    /// metric (<see cref="ReviewMeasure"/>) still meets its threshold, otherwise drop to the highest tier the metric
    /// supports but at most <see cref="ProgramSettings.DowngradeStepsPerReview"/> steps. A review never upgrades.
    /// </summary>
    public static string Review(ProgramSettings p, string current, TierMeasure reviewMetric)
    {
        var currentIndex = p.TierIndex(current);
        if (reviewMetric.Reaches(p.Tiers[currentIndex]))
        {
            return current;
        }

        var floor = Math.Max(0, currentIndex - Math.Max(1, p.DowngradeStepsPerReview));
        return p.Tiers[Math.Max(floor, IndexFor(p, reviewMetric))].Id;
    }

    /// <summary>Progress towards the next tier and towards keeping the current one (read from <paramref name="reviewMetric"/> when given).</summary>
    /// <remarks>Under spend-or-points the figures are the spend still missing, 0 once the points route reaches the tier.</remarks>
    public static TierProgress Progress(ProgramSettings p, string current, TierMeasure metric, TierMeasure? reviewMetric = null)
    {
        var index = p.TierIndex(current);
        var tier = p.Tiers[index];
        var next = index + 1 < p.Tiers.Count ? p.Tiers[index + 1] : null;
        var keep = reviewMetric ?? metric;
        return new TierProgress(
            tier.Id,
            next?.Id,
            next is null || metric.Reaches(next) ? 0m : Math.Max(0m, next.QualifyingSpend - metric.Value),
            keep.Reaches(tier) ? 0m : Math.Max(0m, tier.QualifyingSpend - keep.Value));
    }

    private static int IndexFor(ProgramSettings p, TierMeasure metric)
    {
        var index = 0;
        for (var i = 0; i < p.Tiers.Count; i++)
        {
            if (metric.Reaches(p.Tiers[i]))
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
