namespace Loyalty.Domain.Points;

/// <summary>The program's expiry policy (积分有效期, domain.md §3) as one function: when a lot earned on a day expires.</summary>
public static class PointsExpiry
{
    /// <summary>The first day a lot earned on <paramref name="earnedOn"/> can no longer be spent; null when points never expire.</summary>
    public static DateOnly? ExpiresOn(ProgramSettings program, DateOnly earnedOn) => program.ExpiryPolicy switch
    {
        ExpiryPolicy.Never => null,
        // Calendar policy: valid to the end of 31 December of the year after earning.
        ExpiryPolicy.Calendar => new DateOnly(earnedOn.Year + 2, 1, 1),
        // Same-year calendar policy: valid to the end of 31 December of the year of earning.
        ExpiryPolicy.CalendarSameYear => new DateOnly(earnedOn.Year + 1, 1, 1),
        _ => earnedOn.AddMonths(program.ExpiryMonths),
    };
}
