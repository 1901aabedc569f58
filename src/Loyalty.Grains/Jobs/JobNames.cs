namespace Loyalty.Grains.Jobs;

/// <summary>Scheduled member jobs kept in the indexed due-date table (architecture guarantee 11).</summary>
public static class JobNames
{
    /// <summary>The next day a points lot expires.</summary>
    public const string Expiry = "expiry";

    /// <summary>The next day pending points become spendable.</summary>
    public const string PendingRelease = "pending-release";

    /// <summary>The tier review date (保级), 12 months after the last upgrade.</summary>
    public const string TierReview = "tier-review";

    /// <summary>The start of the member's next birthday month (coupon) and the birthday (greeting).</summary>
    public const string Birthday = "birthday";

    /// <summary>The day to remind of points expiring within the reminder window.</summary>
    public const string ExpiryReminder = "expiry-reminder";

    /// <summary>Every member job, in the order a scheduler pass runs them (expiry before the reminder that follows it).</summary>
    public static readonly IReadOnlyList<string> All = [Expiry, PendingRelease, TierReview, Birthday, ExpiryReminder];
}
