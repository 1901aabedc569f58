using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Jobs;
using Loyalty.Grains.Notifications;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Scheduled member jobs (architecture guarantee 11): points expiry, pending release, tier review (保级), birthday
/// coupon and greeting, expiring-points reminder. The state decides what is due, so a job that runs early or twice
/// changes nothing; operation ids are derived from dates, so the ledger's unique key backs that up.
/// </summary>
public sealed partial class MemberGrain
{
    // A greeting that the scheduler could not send on the day (downtime) still goes out for a few days, not later.
    private const int GreetingGraceDays = 7;

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
            // Woken by a due row the state does not know (e.g. written by an import): make sure it moves on.
            State.Jobs.Due[request.Job] = DateTimeOffset.MinValue;
        }
        // One job's change can move another's date (a release adds a lot that expires, an expiry ends a reminder).
        RescheduleJobs(program, today);
        return Task.FromResult(new JobResult(request.Job, changed,
            State.Jobs.Due.TryGetValue(request.Job, out var next) ? next : null));
    }

    /// <summary>
    /// Recomputes every job's next due date from the state and writes the due-date rows that differ from what is
    /// committed. Call after every change that affects dates (register, checkout, refund, status, tier, birthday).
    /// A date that is already actionable today is due at the start of today, so the next scheduler pass runs it.
    /// </summary>
    private void RescheduleJobs(ProgramSettings program, DateOnly today)
    {
        var closed = State.MergedInto is not null;
        ScheduleJob(program, JobNames.Expiry, closed ? null : NextExpiry());
        ScheduleJob(program, JobNames.PendingRelease, closed ? null : NextRelease());
        ScheduleJob(program, JobNames.TierReview, closed ? null : NextTierReview(program));
        ScheduleJob(program, JobNames.Birthday, closed ? null : NextBirthdayEvent(program, today));
        ScheduleJob(program, JobNames.ExpiryReminder, closed ? null : NextReminder(program, today));
    }

    private void ScheduleJob(ProgramSettings program, string job, DateOnly? day)
    {
        DateTimeOffset? dueAt = day is { } d ? JobClock.StartOfDay(program, d) : null;
        var known = State.Jobs.Due.TryGetValue(job, out var current);
        if (known ? dueAt == current : dueAt is null)
        {
            return;
        }
        if (dueAt is { } at)
        {
            State.Jobs.Due[job] = at;
        }
        else
        {
            State.Jobs.Due.Remove(job);
        }
        Schedule(job, dueAt);
    }

    // ---- expiry ----

    private DateOnly? NextExpiry() =>
        State.Lots.Where(l => l.Remaining > 0 && l.ExpiresOn is not null).Min(l => l.ExpiresOn);

    private bool ExpireLots(DateTimeOffset now, DateOnly today)
    {
        var expired = State.Lots.Where(l => l.ExpiresOn is { } e && e <= today).ToList();
        if (expired.Count == 0)
        {
            return false;
        }
        State.Lots.RemoveAll(l => l.ExpiresOn is { } e && e <= today);
        MarkChanged();
        var points = expired.Sum(l => l.Remaining);
        if (points == 0)
        {
            return true;
        }
        State.Points -= points;
        AppendLedger(new LedgerRow(Account, $"expire:{today:yyyy-MM-dd}", "expire", now,
            PointsDelta: -points,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new ExpiryLedgerNote(expired.Count, expired.Min(l => l.EarnedOn),
                expired.Max(l => l.EarnedOn)), GrainJson.Default.ExpiryLedgerNote)));
        return true;
    }

    // ---- pending release ----

    private DateOnly? NextRelease() => State.PendingLots.Count == 0 ? null : State.PendingLots.Min(l => l.ReleaseOn);

    private bool ReleasePending(ProgramSettings program, DateTimeOffset now, DateOnly today)
    {
        var released = State.PendingLots.Where(l => l.ReleaseOn <= today).OrderBy(l => l.EarnedOn).ToList();
        if (released.Count == 0)
        {
            return false;
        }
        State.PendingLots.RemoveAll(l => l.ReleaseOn <= today);
        var points = released.Sum(l => l.Points);
        State.PendingPoints -= points;
        State.Points += points;
        // Debt was already paid when these points were credited (CreditPoints), and a refund takes pending points
        // back first, so everything released becomes spendable lots, expiring from the day it was earned.
        foreach (var lot in released)
        {
            PointsLots.Add(State.Lots, lot.EarnedOn, PointsLots.ExpiresOn(program, lot.EarnedOn), lot.Points);
        }
        AppendLedger(new LedgerRow(Account, $"release:{today:yyyy-MM-dd}", "release", now,
            PointsDelta: points,
            PendingDelta: -points,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new ReleaseLedgerNote(released.Count, 0), GrainJson.Default.ReleaseLedgerNote)));
        return true;
    }

    // ---- tier review (保级) ----

    private DateOnly? NextTierReview(ProgramSettings program) =>
        program.HasTier(State.Tier) && program.TierIndex(State.Tier) > 0
            ? State.TierSince.AddMonths(program.TierHoldMonths)
            : null;

    private bool ReviewTier(ProgramSettings program, DateTimeOffset now, DateOnly today)
    {
        if (NextTierReview(program) is not { } reviewOn || reviewOn > today)
        {
            return false;
        }
        var before = State.Tier;
        var after = TierRules.Review(program, before, Metric(program, today));
        // The next hold period counts from the review date, not from a late run, so reviews stay a year apart.
        State.TierSince = reviewOn;
        State.ManualTier = false;
        MarkChanged();
        if (after != before)
        {
            State.Tier = after;
            var operationId = $"tier-review:{reviewOn:yyyy-MM-dd}";
            AppendLedger(new LedgerRow(Account, operationId, "tier", now,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(new TierLedgerNote(before, after, "review"), GrainJson.Default.TierLedgerNote)));
            Notify(NotificationKinds.TierChanged, operationId, new TierChangedNotice(before, after, "review"));
        }
        return true;
    }

    // ---- birthday coupon and greeting ----

    private decimal BirthdayCouponAmount(ProgramSettings program) =>
        program.BirthdayCoupons.TryGetValue(State.Tier, out var amount) ? amount : 0m;

    /// <summary>The next birthday-month start (coupon) or birthday (greeting) still to be handled.</summary>
    private DateOnly? NextBirthdayEvent(ProgramSettings program, DateOnly today)
    {
        if (State.Birthday is not { } birthday || State.Status != MemberStatus.Active)
        {
            return null;
        }
        for (var year = today.Year; year <= today.Year + 1; year++)
        {
            var monthStart = new DateOnly(year, birthday.Month, 1);
            var greetOn = JobClock.BirthdayIn(birthday, year);
            DateOnly? next = null;
            if (State.BirthdayCouponYear != year)
            {
                if (monthStart > today)
                {
                    next = monthStart;
                }
                else if (today <= JobClock.EndOfMonth(monthStart) && BirthdayCouponAmount(program) > 0)
                {
                    // Became eligible during the birthday month (an upgrade): the coupon is due now.
                    next = today;
                }
            }
            if (State.Jobs.BirthdayGreetedYear != year && greetOn >= today && (next is null || greetOn < next))
            {
                next = greetOn;
            }
            if (next is not null)
            {
                return next;
            }
        }
        return null;
    }

    private bool CelebrateBirthday(ProgramSettings program, DateOnly today)
    {
        if (State.Birthday is not { } birthday || State.Status != MemberStatus.Active || today.Month != birthday.Month)
        {
            return false;
        }
        var year = today.Year;
        var changed = false;
        var amount = BirthdayCouponAmount(program);
        if (State.BirthdayCouponYear != year && amount > 0)
        {
            var monthStart = new DateOnly(year, birthday.Month, 1);
            var coupon = new MemberCoupon
            {
                Code = $"BDAY-{year}-{Key}",
                TemplateId = "birthday",
                Name = $"Birthday coupon {year}",
                Kind = "amountOff",
                Amount = amount,
                ValidFrom = monthStart,
                ValidTo = JobClock.EndOfMonth(monthStart),
                Source = "birthday",
            };
            State.Coupons.Add(coupon);
            State.BirthdayCouponYear = year;
            Notify(NotificationKinds.CouponIssued, $"birthday-coupon:{year}",
                new CouponIssuedNotice(coupon.Code, coupon.Source, amount, coupon.ValidFrom, coupon.ValidTo));
            changed = true;
        }
        var greetOn = JobClock.BirthdayIn(birthday, year);
        if (State.Jobs.BirthdayGreetedYear != year && greetOn <= today && today <= greetOn.AddDays(GreetingGraceDays))
        {
            State.Jobs.BirthdayGreetedYear = year;
            Notify(NotificationKinds.BirthdayGreeting, $"birthday:{year}", new BirthdayGreetingNotice(year, State.Tier));
            changed = true;
        }
        return changed;
    }

    // ---- expiring-points reminder ----

    private DateOnly? NextReminder(ProgramSettings program, DateOnly today)
    {
        if (program.ExpiringReminderDays <= 0 || State.Status != MemberStatus.Active)
        {
            return null;
        }
        var covered = State.Jobs.RemindedThrough;
        var first = State.Lots
            .Where(l => l.Remaining > 0 && l.ExpiresOn is { } e && e > today && (covered is null || e > covered))
            .Min(l => l.ExpiresOn);
        if (first is not { } expiresOn)
        {
            return null;
        }
        var remindOn = expiresOn.AddDays(-program.ExpiringReminderDays);
        return remindOn > today ? remindOn : today;
    }

    private bool RemindExpiring(ProgramSettings program, DateOnly today)
    {
        if (program.ExpiringReminderDays <= 0 || State.Status != MemberStatus.Active)
        {
            return false;
        }
        var until = today.AddDays(program.ExpiringReminderDays);
        var expiring = State.Lots.Where(l => l.Remaining > 0 && l.ExpiresOn is { } e && e > today && e <= until).ToList();
        var covered = State.Jobs.RemindedThrough;
        if (!expiring.Any(l => covered is null || l.ExpiresOn > covered))
        {
            return false;
        }
        var last = expiring.Max(l => l.ExpiresOn!.Value);
        State.Jobs.RemindedThrough = last;
        MarkChanged();
        Notify(NotificationKinds.PointsExpiring, $"expiring:{today:yyyy-MM-dd}",
            new PointsExpiringNotice(expiring.Sum(l => l.Remaining), expiring.Min(l => l.ExpiresOn!.Value), until));
        return true;
    }
}
