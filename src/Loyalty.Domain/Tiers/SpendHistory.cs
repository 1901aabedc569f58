using System.Text.Json.Serialization;

namespace Loyalty.Domain.Tiers;

/// <summary>A member's qualifying spend, purchases and earned points per program-local day, enough to answer every tier metric; lives in grain state.</summary>
/// <remarks>
/// Days older than the previous calendar year (or than the longest window the program reads) are folded into
/// <see cref="ArchivedTotal"/> by <see cref="Prune"/> so the state stays small while <see cref="Lifetime"/> stays exact.
/// Public get/set properties keep it serializable with System.Text.Json as is.
/// </remarks>
public sealed class SpendHistory
{
    /// <summary>Net spend per day (refunds make a day smaller, possibly negative).</summary>
    public SortedDictionary<DateOnly, decimal> Days { get; set; } = [];

    /// <summary>Sum of the days removed by <see cref="Prune"/>.</summary>
    public decimal ArchivedTotal { get; set; }

    /// <summary>Purchases (checkouts) per day, for the purchase-count metric; a full refund takes one back.</summary>
    public SortedDictionary<DateOnly, int> Purchases { get; set; } = [];

    /// <summary>Points earned per day, for the quarter-points and spend-or-points metrics; refunds take points back on the purchase day.</summary>
    public SortedDictionary<DateOnly, long> Points { get; set; } = [];

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

    /// <summary>Counts a purchase on a day; -1 takes one back (a checkout refunded in full).</summary>
    public void AddPurchase(DateOnly day, int count = 1)
    {
        if (count != 0)
        {
            Purchases[day] = Purchases.GetValueOrDefault(day) + count;
        }
    }

    /// <summary>Records points earned on a day; a negative amount takes points back (refund).</summary>
    public void AddPoints(DateOnly day, long points)
    {
        if (points != 0)
        {
            Points[day] = Points.GetValueOrDefault(day) + points;
        }
    }

    /// <summary>Spend in the 12 months ending today: days after today − 12 months, up to and including today.</summary>
    /// <remarks>The day exactly 12 months ago is excluded, so each day counts in exactly twelve months' worth of windows.</remarks>
    public decimal RollingTwelveMonths(DateOnly today) => RollingSpend(today, 12);

    /// <summary>Spend in the <paramref name="months"/> months ending today (the day exactly that many months ago excluded).</summary>
    public decimal RollingSpend(DateOnly today, int months) => SpendBetween(WindowStart(today, months), today);

    /// <summary>The first day of the <paramref name="months"/>-month window that ends on <paramref name="today"/>.</summary>
    public static DateOnly WindowStart(DateOnly today, int months) => today.AddMonths(-months).AddDays(1);

    /// <summary>Spend from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public decimal SpendBetween(DateOnly first, DateOnly last) => Days.Where(d => d.Key >= first && d.Key <= last).Sum(d => d.Value);

    /// <summary>Purchases from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public int PurchasesBetween(DateOnly first, DateOnly last) => Purchases.Where(d => d.Key >= first && d.Key <= last).Sum(d => d.Value);

    /// <summary>Points earned from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public long PointsBetween(DateOnly first, DateOnly last) => Points.Where(d => d.Key >= first && d.Key <= last).Sum(d => d.Value);

    /// <summary>The best calendar quarter's points among the days from <paramref name="first"/> to <paramref name="last"/>; 0 when none.</summary>
    public long BestQuarterPoints(DateOnly first, DateOnly last) => Points
        .Where(d => d.Key >= first && d.Key <= last)
        .GroupBy(d => QuarterStart(d.Key))
        .Select(g => g.Sum(d => d.Value))
        .DefaultIfEmpty(0)
        .Max();

    /// <summary>The first day of the calendar quarter holding <paramref name="day"/>.</summary>
    public static DateOnly QuarterStart(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>Spend in one calendar year (program-local dates).</summary>
    public decimal CalendarYear(int year) => Days.Where(d => d.Key.Year == year).Sum(d => d.Value);

    /// <summary>The metric the program's tiers are based on, for spend metrics over the default 12-month window; null for the others.</summary>
    public decimal? Metric(QualifyingMetric metric, DateOnly today) => metric switch
    {
        QualifyingMetric.RollingTwelveMonthSpend => RollingTwelveMonths(today),
        QualifyingMetric.CalendarYearSpend => CalendarYear(today.Year),
        QualifyingMetric.LifetimeSpend => Lifetime,
        _ => null,
    };

    /// <summary>Adds another member's history (member merge): day by day, and the archived total.</summary>
    public void Merge(SpendHistory other)
    {
        foreach (var (day, amount) in other.Days)
        {
            Add(day, amount);
        }
        foreach (var (day, count) in other.Purchases)
        {
            AddPurchase(day, count);
        }
        foreach (var (day, points) in other.Points)
        {
            AddPoints(day, points);
        }
        ArchivedTotal += other.ArchivedTotal;
    }

    /// <summary>
    /// Folds days before 1 January of last year, and before the <paramref name="keepMonths"/>-month window if that reaches
    /// further back, into <see cref="ArchivedTotal"/>; purchases and points of those days are dropped (no metric reads them).
    /// </summary>
    public void Prune(DateOnly today, int keepMonths = 12)
    {
        var keepFrom = new DateOnly(today.Year - 1, 1, 1);
        var window = WindowStart(today, keepMonths);
        if (window < keepFrom)
        {
            keepFrom = window;
        }
        foreach (var day in Days.Keys.Where(d => d < keepFrom).ToList())
        {
            ArchivedTotal += Days[day];
            Days.Remove(day);
        }
        foreach (var day in Purchases.Keys.Where(d => d < keepFrom).ToList())
        {
            Purchases.Remove(day);
        }
        foreach (var day in Points.Keys.Where(d => d < keepFrom).ToList())
        {
            Points.Remove(day);
        }
    }
}
