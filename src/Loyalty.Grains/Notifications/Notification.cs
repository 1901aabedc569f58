using System.Text.Json;

namespace Loyalty.Grains.Notifications;

/// <summary>Kinds of member care notifications (会员关怀) written to the outbox.</summary>
public static class NotificationKinds
{
    public const string BirthdayGreeting = "birthday_greeting";
    public const string PointsExpiring = "points_expiring";
    public const string TierChanged = "tier_changed";
    public const string LargeBalanceChange = "large_balance_change";
    public const string CouponIssued = "coupon_issued";
    public const string ApplicationApproved = "application_approved";
    public const string ApplicationRejected = "application_rejected";
}

/// <summary>
/// One outbox entry: written as a document (collection <c>outbox</c>) in the same commit as the change that
/// caused it, so a notification exists exactly when its change does. <c>EventId</c> is deterministic per
/// (member, kind, operation) for de-duplication by receivers.
/// </summary>
public sealed record Notification(string EventId, string Kind, string MemberId, DateTimeOffset At, JsonElement Data);
