namespace Loyalty.Domain;

/// <summary>Which number decides a member's tier (domain.md §2).</summary>
public enum QualifyingMetric
{
    RollingTwelveMonthSpend,
    CalendarYearSpend,
    LifetimeSpend,
    PointsEarned,
}

/// <summary>How earned points lots expire (domain.md §3).</summary>
public enum ExpiryPolicy
{
    /// <summary>Each lot expires <c>ExpiryMonths</c> after it was earned.</summary>
    Rolling,
    /// <summary>All points expire on 31 December of the year after earning.</summary>
    Calendar,
    Never,
}

/// <summary>What a refund does when the points to take back were already spent (domain.md §8).</summary>
public enum RefundPolicy
{
    /// <summary>The balance may go negative; the debt is paid off by future earning.</summary>
    AllowDebt,
    /// <summary>Take back at most the current balance; the rest is forgiven.</summary>
    CapAtBalance,
}
