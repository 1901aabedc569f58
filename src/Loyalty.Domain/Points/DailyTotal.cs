namespace Loyalty.Domain.Points;

/// <summary>A running total for one calendar day (daily earning cap, transfer limit, household spend limit).</summary>
/// <remarks>Stored in grain state JSON: the property names are part of the stored format.</remarks>
public sealed class DailyTotal
{
    public DateOnly Day { get; set; }

    public long Amount { get; set; }

    /// <summary>The total on <paramref name="day"/>: zero once the day has moved on.</summary>
    public long On(DateOnly day) => Day == day ? Amount : 0;

    /// <summary>Adds to the day's total, starting over when the day changed; a negative amount gives back.</summary>
    public void Add(DateOnly day, long amount)
    {
        Amount = Day == day ? Amount + amount : amount;
        Day = day;
    }
}
