using Loyalty.Domain;
using Loyalty.Domain.Jobs;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Jobs;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Turns the due days the domain computes (<see cref="MemberSchedule"/>) into due-date rows: each job is due at the start
/// of its day in program time (<see cref="JobClock"/>). Only rows that differ from what the state says was committed
/// are answered, so a call that moves no date adds no due-job write.
/// </summary>
public static class MemberJobPlan
{
    /// <summary>Updates <see cref="MemberJobState.Due"/> and answers the rows to write (a null due time removes one).</summary>
    public static IReadOnlyList<DueJob> Reschedule(ProgramSettings program, DateOnly today, MemberState state)
    {
        var dates = MemberSchedule.DueDates(program, today, new MemberScheduleFacts(
            Closed: state.MergedInto is not null,
            Active: state.Status == MemberStatus.Active,
            state.Wallet,
            state.TierStatus,
            state.Birthday,
            state.BirthdayCouponYear,
            state.Jobs.BirthdayGreetedYear,
            state.Jobs.RemindedThrough));
        var changes = new List<DueJob>();
        Set(JobNames.Expiry, dates.Expiry);
        Set(JobNames.PendingRelease, dates.PendingRelease);
        Set(JobNames.TierReview, dates.TierReview);
        Set(JobNames.Birthday, dates.Birthday);
        Set(JobNames.ExpiryReminder, dates.ExpiryReminder);
        return changes;

        void Set(string job, DateOnly? day)
        {
            DateTimeOffset? dueAt = day is { } d ? JobClock.StartOfDay(program, d) : null;
            var known = state.Jobs.Due.TryGetValue(job, out var current);
            if (known ? dueAt == current : dueAt is null)
            {
                return;
            }
            if (dueAt is { } at)
            {
                state.Jobs.Due[job] = at;
            }
            else
            {
                state.Jobs.Due.Remove(job);
            }
            changes.Add(new DueJob(job, dueAt));
        }
    }
}
