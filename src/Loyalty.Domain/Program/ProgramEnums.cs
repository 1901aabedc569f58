namespace Loyalty.Domain;

/// <summary>Which number decides a member's tier (domain.md §2).</summary>
public enum QualifyingMetric
{
    RollingTwelveMonthSpend,
    CalendarYearSpend,
    LifetimeSpend,
    PointsEarned,
    /// <summary>Number of purchases in the last <c>QualifyingWindowMonths</c>; tier thresholds are counts.</summary>
    PurchaseCount,
    /// <summary>Points earned in the current calendar quarter; tier thresholds are points.</summary>
    QuarterPoints,
    /// <summary>Spend in the last <c>QualifyingWindowMonths</c> reaches the tier's spend, or points earned in the same window its <c>QualifyingPoints</c>.</summary>
    SpendOrPoints,
}

/// <summary>How long a reached tier is held before its review (domain.md §2).</summary>
public enum TierValidity
{
    /// <summary><c>TierHoldMonths</c> from the day the tier was reached.</summary>
    HoldMonths,
    /// <summary>To the end of 31 December of the year the tier was reached; reviewed on 1 January.</summary>
    CalendarYearEnd,
}

/// <summary>How earned points lots expire (domain.md §3).</summary>
public enum ExpiryPolicy
{
    /// <summary>Each lot expires <c>ExpiryMonths</c> after it was earned.</summary>
    Rolling,
    /// <summary>All points expire on 31 December of the year after earning.</summary>
    Calendar,
    Never,
    /// <summary>Points earned in year Y expire at the end of 31 December of Y (翌年1月1日起重新计算).</summary>
    CalendarSameYear,
}

/// <summary>What a refund does when the points to take back were already spent (domain.md §8).</summary>
public enum RefundPolicy
{
    /// <summary>The balance may go negative; the debt is paid off by future earning.</summary>
    AllowDebt,
    /// <summary>Take back at most the current balance; the rest is forgiven.</summary>
    CapAtBalance,
}
