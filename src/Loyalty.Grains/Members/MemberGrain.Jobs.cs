using Loyalty.Domain;
using Loyalty.Domain.Jobs;
using Loyalty.Grains.Jobs;

namespace Loyalty.Grains.Members;

/// <summary>
/// Scheduled member jobs (architecture guarantee 11), grain side: runs the job (<see cref="MemberJobs"/>) and writes the
/// due rows whose dates moved (<see cref="MemberJobPlan"/>); when each job is due is the domain's
/// (<see cref="MemberSchedule"/>).
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
        var changed = new MemberJobs(this).Run(request.Job, program, now, today);
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
}
