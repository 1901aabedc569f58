namespace Loyalty.Domain.Benefits;

/// <summary>How long a benefit's quota lasts before it starts again.</summary>
public enum BenefitPeriod
{
    /// <summary>A calendar month in the program's time zone.</summary>
    Month,
    /// <summary>A calendar year in the program's time zone.</summary>
    Year,
}

/// <summary>
/// An entitlement of some tiers (会员权益): <see cref="FreePerPeriod"/> free uses per period, then each use costs
/// <see cref="FeeBeyond"/> (null = refused beyond the quota). A birthday gift is a yearly benefit with one free use
/// that can only be claimed in the member's birthday month.
/// </summary>
public sealed record BenefitDefinition(
    string Id,
    string Name,
    IReadOnlyList<string> Tiers,
    BenefitPeriod Period,
    int FreePerPeriod,
    decimal? FeeBeyond = null,
    bool BirthdayMonthOnly = false)
{
    /// <summary>The first day of the period that contains <paramref name="day"/>.</summary>
    public DateOnly PeriodStart(DateOnly day) => Period == BenefitPeriod.Month ? new DateOnly(day.Year, day.Month, 1) : new DateOnly(day.Year, 1, 1);

    /// <summary>The first day after the period that contains <paramref name="day"/>.</summary>
    public DateOnly PeriodEnd(DateOnly day) => Period == BenefitPeriod.Month ? PeriodStart(day).AddMonths(1) : PeriodStart(day).AddYears(1);

    public bool IsForTier(string tier) => Tiers.Contains(tier, StringComparer.Ordinal);
}
