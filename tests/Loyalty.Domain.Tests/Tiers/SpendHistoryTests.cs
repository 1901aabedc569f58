using System.Text.Json;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.Tiers;

public class SpendHistoryTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    [Fact]
    public void Rolling_twelve_months_excludes_the_day_exactly_twelve_months_ago()
    {
        var h = new SpendHistory();
        h.Add(new DateOnly(2024, 6, 15), 100m); // exactly 12 months ago: out
        h.Add(new DateOnly(2024, 6, 16), 200m); // in
        h.Add(Today, 50m);                      // today: in

        Assert.Equal(250m, h.RollingTwelveMonths(Today));
    }

    [Fact]
    public void Refunds_take_spend_back_on_their_day()
    {
        var h = new SpendHistory();
        h.Add(Today, 300m);
        h.Add(Today, -120m);

        Assert.Equal(180m, h.RollingTwelveMonths(Today));
    }

    [Fact]
    public void Calendar_year_and_lifetime_sum_the_right_days()
    {
        var h = new SpendHistory();
        h.Add(new DateOnly(2023, 3, 1), 10m);
        h.Add(new DateOnly(2024, 12, 31), 20m);
        h.Add(new DateOnly(2025, 1, 1), 40m);

        Assert.Equal(20m, h.CalendarYear(2024));
        Assert.Equal(40m, h.CalendarYear(2025));
        Assert.Equal(70m, h.Lifetime);
        Assert.Equal(60m, h.Metric(QualifyingMetric.RollingTwelveMonthSpend, Today));
        Assert.Equal(40m, h.Metric(QualifyingMetric.CalendarYearSpend, Today));
        Assert.Equal(70m, h.Metric(QualifyingMetric.LifetimeSpend, Today));
        Assert.Null(h.Metric(QualifyingMetric.PointsEarned, Today));
    }

    [Fact]
    public void Prune_keeps_last_year_onwards_and_lifetime_unchanged()
    {
        var h = new SpendHistory();
        h.Add(new DateOnly(2022, 5, 1), 5m);
        h.Add(new DateOnly(2023, 12, 31), 10m);
        h.Add(new DateOnly(2024, 1, 1), 20m);
        h.Add(Today, 40m);

        h.Prune(Today);

        Assert.Equal([new DateOnly(2024, 1, 1), Today], h.Days.Keys);
        Assert.Equal(15m, h.ArchivedTotal);
        Assert.Equal(75m, h.Lifetime);
        Assert.Equal(20m, h.CalendarYear(2024));
    }

    [Fact]
    public void Round_trips_through_System_Text_Json()
    {
        var h = new SpendHistory();
        h.Add(new DateOnly(2024, 7, 1), 12.34m);
        h.ArchivedTotal = 5m;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(h, options);
        var back = JsonSerializer.Deserialize<SpendHistory>(json, options)!;

        Assert.Equal(h.Days, back.Days);
        Assert.Equal(17.34m, back.Lifetime);
        Assert.DoesNotContain("lifetime", json);
    }
}
