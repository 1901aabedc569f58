using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Jobs;

/// <summary>
/// What a member's scheduled jobs (architecture guarantee 11) are next due on, from the member's state: the next lot
/// expiry, the next pending release, the tier review a hold period after the tier was reached, the birthday coupon or
/// greeting, and the expiring-points reminder. A date that is already actionable is today.
/// </summary>
public static class MemberSchedule
{
    /// <summary>Every job's next due day (null = nothing to do); a closed (merged) member has none.</summary>
    public static MemberDueDates DueDates(ProgramSettings program, DateOnly today, MemberScheduleFacts member)
    {
        if (member.Closed)
        {
            return MemberDueDates.None;
        }
        var birthday = member.Active && member.Birthday is { } b
            ? BirthdayCare.NextEvent(b, today, member.BirthdayCouponYear, member.BirthdayGreetedYear, BirthdayCouponAmount(program, member.Tier.Tier))
            : null;
        var reminder = member.Active ? ExpiryReminder.Next(program, today, member.Wallet, member.RemindedThrough) : null;
        return new MemberDueDates(member.Wallet.NextExpiry(), member.Wallet.NextRelease(), member.Tier.ReviewOn(program), birthday, reminder);
    }

    /// <summary>The birthday coupon amount a tier gets (0 = none).</summary>
    public static decimal BirthdayCouponAmount(ProgramSettings program, string tier) =>
        program.BirthdayCoupons.TryGetValue(tier, out var amount) ? amount : 0m;
}

/// <summary>What the schedule is computed from.</summary>
/// <param name="Closed">The member was merged into another: nothing is scheduled any more.</param>
/// <param name="Active">Birthday care and reminders are for active members only.</param>
public sealed record MemberScheduleFacts(
    bool Closed,
    bool Active,
    PointsWallet Wallet,
    TierStatus Tier,
    DateOnly? Birthday,
    int? BirthdayCouponYear,
    int? BirthdayGreetedYear,
    DateOnly? RemindedThrough);

/// <summary>The next due day of each member job; null = not scheduled.</summary>
public sealed record MemberDueDates(
    DateOnly? Expiry,
    DateOnly? PendingRelease,
    DateOnly? TierReview,
    DateOnly? Birthday,
    DateOnly? ExpiryReminder)
{
    public static readonly MemberDueDates None = new(null, null, null, null, null);
}
