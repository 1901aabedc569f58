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
/// Scheduled member jobs (architecture guarantee 11): points expiry, pending release, tier review (保级), birthday
/// coupon and greeting, expiring-points reminder. The domain decides what is due (<see cref="MemberSchedule"/> and the
/// rules it uses), so a job that runs early or twice changes nothing; operation ids are derived from dates, so the
/// ledger's unique key backs that up. The grain records what a job did and schedules what comes next.
/// </summary>
public sealed partial class MemberGrain
{
    public Task<JobResult> RunJob(RunMemberJob request)
    {
        if (!JobNames.All.Contains(request.Job))
        {
            throw new DomainException(ErrorCodes.Validation, $"Unknown job '{request.Job}'.");
        }
        if (IsNew)
        {
            // No member: nothing to do, and answering must not create one.
            return Task.FromResult(new JobResult(request.Job, false, null));
        }

        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var changed = request.Job switch
        {
            JobNames.Expiry => ExpireLots(now, today),
            JobNames.PendingRelease => ReleasePending(program, now, today),
            JobNames.TierReview => ReviewTier(program, now, today),
            JobNames.Birthday => CelebrateBirthday(program, today),
            _ => RemindExpiring(program, today),
        };
        if (!State.Jobs.Due.ContainsKey(request.Job))
        {
            // Woken by a due row the state does not know: make sure it moves on.
            State.Jobs.Due[request.Job] = DateTimeOffset.MinValue;
        }
        // One job's change can move another's date (a release adds a lot that expires, an expiry ends a reminder).
        RescheduleJobs(program, today);
        return Task.FromResult(new JobResult(request.Job, changed,
            State.Jobs.Due.TryGetValue(request.Job, out var next) ? next : null));
    }

    /// <summary>
    /// Writes the due-date rows whose dates moved. Call after every change that affects dates (register, checkout,
    /// refund, status, tier, birthday, points).
    /// </summary>
    private void RescheduleJobs(ProgramSettings program, DateOnly today)
    {
        foreach (var job in MemberJobPlan.Reschedule(program, today, State))
        {
            Schedule(job.Job, job.DueAt);
        }
    }

    private bool ExpireLots(DateTimeOffset now, DateOnly today)
    {
        var expired = State.Wallet.ExpireDue(today);
        if (expired.Count == 0)
        {
            return false;
        }
        MarkChanged();
        var points = expired.Sum(l => l.Remaining);
        if (points > 0)
        {
            AppendLedger(new LedgerRow(Account, $"expire:{today:yyyy-MM-dd}", "expire", now,
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
        AppendLedger(new LedgerRow(Account, $"release:{today:yyyy-MM-dd}", "release", now,
            PointsDelta: points,
            PendingDelta: -points,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new ReleaseLedgerNote(released.Count, 0), GrainJson.Default.ReleaseLedgerNote)));
        return true;
    }

    private bool ReviewTier(ProgramSettings program, DateTimeOffset now, DateOnly today)
    {
        if (State.TierStatus.Review(program, Metric(program, today), today) is not { } review)
        {
            return false;
        }
        MarkChanged();
        if (review.After != review.Before)
        {
            var operationId = $"tier-review:{review.ReviewOn:yyyy-MM-dd}";
            AppendLedger(new LedgerRow(Account, operationId, "tier", now,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new TierLedgerNote(review.Before, review.After, "review"), GrainJson.Default.TierLedgerNote)));
            Notify(NotificationKinds.TierChanged, operationId, new TierChangedNotice(review.Before, review.After, "review"));
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
                Code = $"BDAY-{due.Year}-{Key}",
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
            Notify(NotificationKinds.CouponIssued, $"birthday-coupon:{due.Year}",
                new CouponIssuedNotice(coupon.Code, coupon.Source, due.Amount, coupon.ValidFrom, coupon.ValidTo));
            changed = true;
        }
        if (BirthdayCare.GreetingDue(birthday, today, State.Jobs.BirthdayGreetedYear))
        {
            State.Jobs.BirthdayGreetedYear = today.Year;
            Notify(NotificationKinds.BirthdayGreeting, $"birthday:{today.Year}", new BirthdayGreetingNotice(today.Year, State.Tier));
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
        MarkChanged();
        Notify(NotificationKinds.PointsExpiring, $"expiring:{today:yyyy-MM-dd}", new PointsExpiringNotice(due.Points, due.FirstExpiresOn, due.Until));
        return true;
    }
}
