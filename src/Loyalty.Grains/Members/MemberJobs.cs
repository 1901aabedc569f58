using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Domain.Jobs;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Jobs;
using Loyalty.Grains.Notifications;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// What each scheduled member job does (points expiry, pending release, tier review (保级), birthday coupon and
/// greeting, expiring-points reminder): the domain decides whether anything is due, so a job that runs early or twice
/// changes nothing; operation ids are derived from dates, so the ledger's unique key backs that up.
/// </summary>
internal sealed class MemberJobs(IMemberTurn turn)
{
    private MemberState State => turn.State;

    private string Account => LedgerAccounts.Member(turn.MemberId);

    /// <summary>Runs one job (a name of <see cref="JobNames"/>); answers whether it changed the member.</summary>
    public bool Run(string job, ProgramSettings program, DateTimeOffset now, DateOnly today) => job switch
    {
        JobNames.Expiry => ExpireLots(now, today),
        JobNames.PendingRelease => ReleasePending(program, now, today),
        JobNames.TierReview => ReviewTier(program, now, today),
        JobNames.Birthday => CelebrateBirthday(program, today),
        _ => RemindExpiring(program, today),
    };

    private bool ExpireLots(DateTimeOffset now, DateOnly today)
    {
        var expired = State.Wallet.ExpireDue(today);
        if (expired.Count == 0)
        {
            return false;
        }
        turn.Changed();
        var points = expired.Sum(l => l.Remaining);
        if (points > 0)
        {
            turn.Ledger(new LedgerRow(Account, $"expire:{today:yyyy-MM-dd}", "expire", now,
                PointsDelta: -points,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new ExpiryLedgerNote(expired.Count, expired.Min(l => l.EarnedOn),
                    expired.Max(l => l.EarnedOn)), GrainJson.Default.ExpiryLedgerNote)));
        }
        return true;
    }

    private bool ReleasePending(ProgramSettings program, DateTimeOffset now, DateOnly today)
    {
        var released = State.Wallet.ReleaseDue(program, today);
        if (released.Count == 0)
        {
            return false;
        }
        var points = released.Sum(l => l.Points);
        turn.Ledger(new LedgerRow(Account, $"release:{today:yyyy-MM-dd}", "release", now,
            PointsDelta: points,
            PendingDelta: -points,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new ReleaseLedgerNote(released.Count, 0), GrainJson.Default.ReleaseLedgerNote)));
        return true;
    }

    private bool ReviewTier(ProgramSettings program, DateTimeOffset now, DateOnly today)
    {
        if (State.TierStatus.Review(program, MemberViews.ReviewMeasure(State, program, today), today, State.StoredBalance)
            is not { } review)
        {
            return false;
        }
        turn.Changed();
        if (review.After != review.Before)
        {
            var operationId = $"tier-review:{review.ReviewOn:yyyy-MM-dd}";
            turn.Ledger(new LedgerRow(Account, operationId, "tier", now,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new TierLedgerNote(review.Before, review.After, "review"), GrainJson.Default.TierLedgerNote)));
            turn.Notify(NotificationKinds.TierChanged, operationId, new TierChangedNotice(review.Before, review.After, "review"));
        }
        return true;
    }

    private bool CelebrateBirthday(ProgramSettings program, DateOnly today)
    {
        if (State.Birthday is not { } birthday || State.Status != MemberStatus.Active)
        {
            return false;
        }
        var changed = false;
        if (BirthdayCare.CouponDue(birthday, today, State.BirthdayCouponYear, MemberSchedule.BirthdayCouponAmount(program, State.Tier)) is { } due)
        {
            var coupon = new MemberCoupon
            {
                Code = $"BDAY-{due.Year}-{turn.MemberId}",
                TemplateId = "birthday",
                Name = $"Birthday coupon {due.Year}",
                Kind = CouponKinds.AmountOff,
                Amount = due.Amount,
                ValidFrom = due.ValidFrom,
                ValidTo = due.ValidTo,
                Source = "birthday",
            };
            State.CouponPurse.Issue(coupon, today);
            State.BirthdayCouponYear = due.Year;
            turn.Notify(NotificationKinds.CouponIssued, $"birthday-coupon:{due.Year}",
                new CouponIssuedNotice(coupon.Code, coupon.Source, due.Amount, coupon.ValidFrom, coupon.ValidTo));
            changed = true;
        }
        if (BirthdayCare.GreetingDue(birthday, today, State.Jobs.BirthdayGreetedYear))
        {
            State.Jobs.BirthdayGreetedYear = today.Year;
            turn.Notify(NotificationKinds.BirthdayGreeting, $"birthday:{today.Year}", new BirthdayGreetingNotice(today.Year, State.Tier));
            changed = true;
        }
        return changed;
    }

    private bool RemindExpiring(ProgramSettings program, DateOnly today)
    {
        if (State.Status != MemberStatus.Active
            || ExpiryReminder.Due(program, today, State.Wallet, State.Jobs.RemindedThrough) is not { } due)
        {
            return false;
        }
        State.Jobs.RemindedThrough = due.LastExpiresOn;
        turn.Changed();
        turn.Notify(NotificationKinds.PointsExpiring, $"expiring:{today:yyyy-MM-dd}", new PointsExpiringNotice(due.Points, due.FirstExpiresOn, due.Until));
        return true;
    }
}
