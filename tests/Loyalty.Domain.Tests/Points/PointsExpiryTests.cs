using Loyalty.Domain.Points;

namespace Loyalty.Domain.Tests.Points;

public class PointsExpiryTests
{
    private static readonly DateOnly Earned = new(2025, 3, 31);

    [Fact]
    public void Rolling_lots_expire_the_configured_months_after_earning() =>
        Assert.Equal(new DateOnly(2025, 9, 30), PointsExpiry.ExpiresOn(ProgramSettings.Default with { ExpiryMonths = 6 }, Earned));

    [Fact]
    public void Calendar_lots_are_valid_to_the_end_of_the_next_year() =>
        Assert.Equal(new DateOnly(2027, 1, 1), PointsExpiry.ExpiresOn(ProgramSettings.Default with { ExpiryPolicy = ExpiryPolicy.Calendar }, Earned));

    [Theory]
    [InlineData("2025-01-01", "2026-01-01")]
    [InlineData("2025-03-31", "2026-01-01")]
    [InlineData("2025-12-31", "2026-01-01")] // earned on the last day, gone at the end of it
    public void Same_year_calendar_lots_are_valid_to_the_end_of_the_year_they_were_earned(string earned, string expires) =>
        Assert.Equal(DateOnly.Parse(expires), PointsExpiry.ExpiresOn(ProgramSettings.Default with { ExpiryPolicy = ExpiryPolicy.CalendarSameYear }, DateOnly.Parse(earned)));

    [Theory]
    [InlineData("2025-01-01", "2027-01-01")]
    [InlineData("2025-12-31", "2027-01-01")]
    public void Calendar_lots_earned_any_day_of_a_year_share_the_next_years_end(string earned, string expires) =>
        Assert.Equal(DateOnly.Parse(expires), PointsExpiry.ExpiresOn(ProgramSettings.Default with { ExpiryPolicy = ExpiryPolicy.Calendar }, DateOnly.Parse(earned)));

    [Fact]
    public void Points_never_expire_under_the_never_policy() =>
        Assert.Null(PointsExpiry.ExpiresOn(ProgramSettings.Default with { ExpiryPolicy = ExpiryPolicy.Never }, Earned));

    [Fact]
    public void The_daily_cap_allows_what_is_left_of_it_today()
    {
        var capped = ProgramSettings.Default with { DailyEarnCap = 500 };
        Assert.Equal(120, EarningCap.Allowed(capped, 380, 300));
        Assert.Equal(0, EarningCap.Allowed(capped, 600, 300));
        Assert.Equal(300, EarningCap.Allowed(ProgramSettings.Default, 10_000, 300));
    }

    [Fact]
    public void A_daily_total_starts_over_on_a_new_day()
    {
        var total = new DailyTotal();
        total.Add(new DateOnly(2025, 1, 1), 100);
        total.Add(new DateOnly(2025, 1, 1), 50);
        Assert.Equal(150, total.On(new DateOnly(2025, 1, 1)));
        Assert.Equal(0, total.On(new DateOnly(2025, 1, 2)));

        total.Add(new DateOnly(2025, 1, 2), 30);
        Assert.Equal(30, total.On(new DateOnly(2025, 1, 2)));
    }

    [Fact]
    public void Transfers_stop_at_the_daily_limit()
    {
        var program = ProgramSettings.Default with { DailyTransferLimit = 1_000 };
        TransferLimit.Check(program, 600, 400);
        var refused = Assert.Throws<DomainException>(() => TransferLimit.Check(program, 600, 401));
        Assert.Equal(TransferLimit.Exceeded, refused.Code);
        Assert.Contains("400 are left today", refused.Message);
    }
}
