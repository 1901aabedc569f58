namespace Loyalty.Domain.Tests.Settings;

public class ProgramCalendarTests
{
    [Fact]
    public void Today_is_the_calendar_date_in_the_program_time_zone()
    {
        var p = ProgramSettings.Default; // Asia/Shanghai, UTC+8

        Assert.Equal(new DateOnly(2025, 1, 1), ProgramCalendar.Today(p, new DateTimeOffset(2025, 1, 1, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 1, 2), ProgramCalendar.Today(p, new DateTimeOffset(2025, 1, 1, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Unknown_time_zone_is_a_validation_error()
    {
        var p = ProgramSettings.Default with { TimeZone = "Mars/Olympus" };

        Assert.Equal("validation", Failing.Code(() => ProgramCalendar.Today(p, DateTimeOffset.UnixEpoch)));
    }

    [Theory]
    [InlineData("1990-07-04", "2025-07-04", true)]
    [InlineData("1990-07-04", "2025-07-05", false)]
    [InlineData("2000-02-29", "2023-02-28", true)]  // non-leap year: celebrated on 28 Feb
    [InlineData("2000-02-29", "2023-03-01", false)]
    [InlineData("2000-02-29", "2024-02-28", false)] // leap year: the real day
    [InlineData("2000-02-29", "2024-02-29", true)]
    [InlineData("1990-02-28", "2024-02-28", true)]
    public void Birthday_matches_month_and_day_with_29_February_on_28_February_in_common_years(string birthday, string today, bool expected) =>
        Assert.Equal(expected, ProgramCalendar.IsBirthday(DateOnly.Parse(birthday), DateOnly.Parse(today)));

    [Fact]
    public void Member_without_birthday_never_has_a_birthday() =>
        Assert.False(ProgramCalendar.IsBirthday(null, new DateOnly(2025, 1, 1)));
}
