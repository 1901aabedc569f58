namespace Loyalty.Domain.Points;

/// <summary>The program's daily earning cap (domain.md §3): how many points a member may still earn today.</summary>
public static class EarningCap
{
    /// <summary>How many of <paramref name="points"/> the cap still allows after <paramref name="earnedToday"/>; all of them without a cap.</summary>
    public static long Allowed(ProgramSettings program, long earnedToday, long points) =>
        program.DailyEarnCap is { } cap ? Math.Clamp(cap - earnedToday, 0, points) : points;
}
