namespace Loyalty.Domain.Points;

/// <summary>
/// Unit cards (单位卡) as points accounts: with <see cref="ProgramSettings.CorporatePointsAccount"/> corporate members,
/// cards and accounts keep their contract discount and also earn points (tier multiplier, exclusions as for everyone),
/// spendable at once at the next checkout: pending days do not apply to them.
/// </summary>
public static class CorporatePoints
{
    /// <summary>The settings a checkout or pool credit of this account runs under.</summary>
    public static ProgramSettings Terms(ProgramSettings program, bool corporate) =>
        corporate && program.CorporatePointsAccount && program.PendingDays > 0 ? program with { PendingDays = 0 } : program;
}
