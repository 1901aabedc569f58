using Loyalty.Domain.Jobs;
using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.Jobs;

public class MemberScheduleTests
{
    private static readonly ProgramSettings Program = ProgramSettings.Default with { PendingDays = 7 }; // reminders 30 days ahead
    private static readonly DateOnly Today = new(2025, 3, 10);

    private static MemberScheduleFacts Facts(PointsWallet wallet, TierStatus? tier = null, DateOnly? birthday = null, bool active = true,
        int? couponYear = null, int? greetedYear = null, DateOnly? remindedThrough = null, bool closed = false) =>
        new(closed, active, wallet, tier ?? new TierStatus { Tier = "regular", Since = Today }, birthday, couponYear, greetedYear, remindedThrough);

    private static PointsWallet Wallet()
    {
        var wallet = new PointsWallet();
        wallet.Receive([new PointsLot { EarnedOn = new DateOnly(2024, 4, 20), ExpiresOn = new DateOnly(2025, 4, 20), Remaining = 80 }], [], null);
        wallet.Credit(Program, Today, 50, "c1"); // pending until 17 March
        return wallet;
    }

    [Fact]
    public void Every_job_is_due_on_the_day_its_state_says()
    {
        var tier = new TierStatus { Tier = "silver", Since = new DateOnly(2024, 6, 1) };

        var due = MemberSchedule.DueDates(Program, Today, Facts(Wallet(), tier, birthday: new DateOnly(1990, 7, 19)));

        Assert.Equal(new MemberDueDates(
            Expiry: new DateOnly(2025, 4, 20),
            PendingRelease: new DateOnly(2025, 3, 17),
            TierReview: new DateOnly(2025, 6, 1),
            Birthday: new DateOnly(2025, 7, 1),       // the coupon from the 1st of the birthday month
            ExpiryReminder: new DateOnly(2025, 3, 21)), // 30 days before 20 April
            due);
    }

    [Fact]
    public void A_closed_member_has_no_jobs_and_an_inactive_one_no_care()
    {
        Assert.Equal(MemberDueDates.None, MemberSchedule.DueDates(Program, Today, Facts(Wallet(), birthday: new DateOnly(1990, 7, 19), closed: true)));

        var frozen = MemberSchedule.DueDates(Program, Today, Facts(Wallet(), birthday: new DateOnly(1990, 7, 19), active: false));
        Assert.Equal((null, null), (frozen.Birthday, frozen.ExpiryReminder));
        Assert.Equal(new DateOnly(2025, 4, 20), frozen.Expiry);
    }

    [Fact]
    public void After_the_coupon_the_greeting_is_next_and_after_both_next_years_month()
    {
        var birthday = new DateOnly(1990, 3, 15);

        Assert.Equal(new DateOnly(2025, 3, 15), BirthdayCare.NextEvent(birthday, Today, couponYear: 2025, greetedYear: null, couponAmount: 0m));
        Assert.Equal(new DateOnly(2026, 3, 1), BirthdayCare.NextEvent(birthday, Today, couponYear: 2025, greetedYear: 2025, couponAmount: 0m));
        // Inside the birthday month without a coupon yet: due today only when the tier has a coupon amount.
        Assert.Equal(Today, BirthdayCare.NextEvent(birthday, Today, couponYear: null, greetedYear: null, couponAmount: 100m));
        Assert.Equal(new DateOnly(2025, 3, 15), BirthdayCare.NextEvent(birthday, Today, couponYear: null, greetedYear: null, couponAmount: 0m));
    }

    [Fact]
    public void The_birthday_coupon_is_valid_for_the_birthday_month_once_a_year()
    {
        var birthday = new DateOnly(1992, 2, 29);

        Assert.Equal(new BirthdayCoupon(2025, 100m, new DateOnly(2025, 2, 1), new DateOnly(2025, 2, 28)),
            BirthdayCare.CouponDue(birthday, new DateOnly(2025, 2, 1), couponYear: 2024, couponAmount: 100m));
        Assert.Null(BirthdayCare.CouponDue(birthday, new DateOnly(2025, 2, 1), couponYear: 2025, couponAmount: 100m));
        Assert.Null(BirthdayCare.CouponDue(birthday, new DateOnly(2025, 3, 1), couponYear: 2024, couponAmount: 100m));
        Assert.Null(BirthdayCare.CouponDue(birthday, new DateOnly(2025, 2, 1), couponYear: 2024, couponAmount: 0m));
    }

    [Fact]
    public void The_greeting_goes_out_on_the_birthday_or_within_the_grace_days()
    {
        var birthday = new DateOnly(1992, 2, 29); // 28 February in 2025

        Assert.False(BirthdayCare.GreetingDue(birthday, new DateOnly(2025, 2, 27), null));
        Assert.True(BirthdayCare.GreetingDue(birthday, new DateOnly(2025, 2, 28), null));
        Assert.False(BirthdayCare.GreetingDue(birthday, new DateOnly(2025, 2, 28), 2025));
        var late = new DateOnly(1990, 5, 3);
        Assert.True(BirthdayCare.GreetingDue(late, new DateOnly(2025, 5, 10), null));
        Assert.False(BirthdayCare.GreetingDue(late, new DateOnly(2025, 5, 11), null));
    }

    [Fact]
    public void The_reminder_announces_the_lots_in_the_window_once()
    {
        var wallet = new PointsWallet();
        wallet.Receive(
        [
            new PointsLot { EarnedOn = new DateOnly(2024, 3, 20), ExpiresOn = new DateOnly(2025, 3, 20), Remaining = 30 },
            new PointsLot { EarnedOn = new DateOnly(2024, 4, 5), ExpiresOn = new DateOnly(2025, 4, 5), Remaining = 20 },
            new PointsLot { EarnedOn = new DateOnly(2024, 6, 1), ExpiresOn = new DateOnly(2025, 6, 1), Remaining = 99 },
        ], [], null);

        // Window: after 10 March up to 9 April.
        Assert.Equal(new ExpiringPoints(50, new DateOnly(2025, 3, 20), new DateOnly(2025, 4, 5), new DateOnly(2025, 4, 9)),
            ExpiryReminder.Due(Program, Today, wallet, remindedThrough: null));
        Assert.Null(ExpiryReminder.Due(Program, Today, wallet, remindedThrough: new DateOnly(2025, 4, 5)));
        // The next reminder is 30 days before the June lot.
        Assert.Equal(new DateOnly(2025, 5, 2), ExpiryReminder.Next(Program, Today, wallet, remindedThrough: new DateOnly(2025, 4, 5)));
        Assert.Null(ExpiryReminder.Next(Program with { ExpiringReminderDays = 0 }, Today, wallet, null));
    }
}
