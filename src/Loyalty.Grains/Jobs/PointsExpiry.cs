using Loyalty.Domain;

namespace Loyalty.Grains.Jobs;

/// <summary>When a points lot expires under the program's expiry policy (积分有效期).</summary>
public static class PointsExpiry
{
    /// <summary>
    /// The first day the lot earned on <paramref name="earnedOn"/> is no longer spendable, or null when points never
    /// expire. Rolling: N months after earning. Calendar: points stay usable through 31 December of the year after
    /// earning, so they are gone from 1 January of the year after that.
    /// </summary>
    public static DateOnly? ExpiresOn(ProgramSettings program, DateOnly earnedOn) => program.ExpiryPolicy switch
    {
        ExpiryPolicy.Rolling => earnedOn.AddMonths(program.ExpiryMonths),
        ExpiryPolicy.Calendar => new DateOnly(earnedOn.Year + 2, 1, 1),
        _ => null,
    };
}
