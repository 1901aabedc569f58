namespace Loyalty.Domain.Outreach;

/// <summary>
/// Consecutive-day check-ins (连续签到): a check-in the day after the last one lengthens the streak, any gap starts it
/// again at 1. Every <see cref="ProgramSettings.CheckInStreakDays"/>-th day of a streak earns the streak bonus on top of
/// the day's check-in points (with 7: days 7, 14, 21…).
/// </summary>
public static class CheckInStreak
{
    /// <summary>The streak after checking in on <paramref name="today"/>.</summary>
    public static int Next(DateOnly? lastCheckIn, int streak, DateOnly today) =>
        lastCheckIn is { } last && last.AddDays(1) == today ? streak + 1 : 1;

    /// <summary>The bonus a check-in that makes this streak earns; 0 when the program has no streak bonus.</summary>
    public static long Bonus(ProgramSettings program, int streak) =>
        program.CheckInStreakDays > 0 && streak % program.CheckInStreakDays == 0 ? program.CheckInStreakBonus : 0;
}
