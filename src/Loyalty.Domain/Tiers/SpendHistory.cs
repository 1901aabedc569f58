using System.Text.Json.Serialization;

namespace Loyalty.Domain.Tiers;

/// <summary>A member's qualifying spend per program-local day, enough to answer every tier metric; lives in grain state.</summary>
/// <remarks>
/// Days older than the previous calendar year are folded into <see cref="ArchivedTotal"/> by
/// <see cref="Prune"/> so the state stays small while <see cref="Lifetime"/> stays exact.
/// Public get/set properties keep it serializable with System.Text.Json as is.
/// </remarks>
public sealed class SpendHistory
{
    /// <summary>Net spend per day (refunds make a day smaller, possibly negative).</summary>
    public SortedDictionary<DateOnly, decimal> Days { get; set; } = [];

    /// <summary>Sum of the days removed by <see cref="Prune"/>.</summary>
    public decimal ArchivedTotal { get; set; }

    /// <summary>Everything ever spent, net of refunds.</summary>
    [JsonIgnore]
    public decimal Lifetime => ArchivedTotal + Days.Values.Sum();

    /// <summary>Records spend on a day; a negative amount takes spend back (refund).</summary>
    public void Add(DateOnly day, decimal amount)
    {
        if (amount == 0m)
        {
            return;
        }

        Days[day] = Days.GetValueOrDefault(day) + amount;
    }

    /// <summary>Spend in the 12 months ending today: days after today − 12 months, up to and including today.</summary>
    /// <remarks>The day exactly 12 months ago is excluded, so each day counts in exactly twelve months' worth of windows.</remarks>
    public decimal RollingTwelveMonths(DateOnly today)
    {
        var from = today.AddMonths(-12);
        return Days.Where(d => d.Key > from && d.Key <= today).Sum(d => d.Value);
    }

    /// <summary>Spend in one calendar year (program-local dates).</summary>
    public decimal CalendarYear(int year) => Days.Where(d => d.Key.Year == year).Sum(d => d.Value);

    /// <summary>The metric the program's tiers are based on, for spend metrics; null for <see cref="QualifyingMetric.PointsEarned"/>, which the points ledger knows.</summary>
    public decimal? Metric(QualifyingMetric metric, DateOnly today) => metric switch
    {
        QualifyingMetric.RollingTwelveMonthSpend => RollingTwelveMonths(today),
        QualifyingMetric.CalendarYearSpend => CalendarYear(today.Year),
        QualifyingMetric.LifetimeSpend => Lifetime,
        _ => null,
    };

    /// <summary>Folds days before 1 January of last year into <see cref="ArchivedTotal"/>; what remains covers the rolling window and both calendar years.</summary>
    public void Prune(DateOnly today)
    {
        var keepFrom = new DateOnly(today.Year - 1, 1, 1);
        foreach (var day in Days.Keys.Where(d => d < keepFrom).ToList())
        {
            ArchivedTotal += Days[day];
            Days.Remove(day);
        }
    }
}
