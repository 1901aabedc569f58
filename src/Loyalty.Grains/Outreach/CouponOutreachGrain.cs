using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Outreach;

public sealed class CouponOutreachState
{
    public string? TemplateId { get; set; }

    public OutreachSegment? Segment { get; set; }

    public string RequestHash { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public string StartedBy { get; set; } = "";

    /// <summary>The last member id looked at; members are taken in ordinal id order.</summary>
    public string? Cursor { get; set; }

    public long Processed { get; set; }

    public long Issued { get; set; }

    public long Batches { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>
/// One coupon outreach job (key = job id): what it issues to whom, and how far it got. The host runs it in batches;
/// each batch moves the cursor and the counts together, so a restarted run continues after the last counted member.
/// </summary>
[Alias("Loyalty.ICouponOutreachGrain")]
public interface ICouponOutreachGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task<CouponOutreachView> Start(StartCouponOutreach request);

    /// <summary>The job, or null when none was started with this id.</summary>
    [Alias("Get")]
    Task<CouponOutreachView?> Get(GetCouponOutreach request);

    [Alias("Advance")]
    Task<CouponOutreachView> Advance(AdvanceCouponOutreach request);

    [Alias("Complete")]
    Task<CouponOutreachView> Complete(CompleteCouponOutreach request);
}

[GrainType("coupon-outreach")]
public sealed class CouponOutreachGrain(
    [PersistentState("coupon-outreach", ProgramDataStorage.Name)] IPersistentState<CouponOutreachState> state)
    : ProgramDataGrain<CouponOutreachState>(state), ICouponOutreachGrain
{
    public const string Running = "running";
    public const string Completed = "completed";

    private string JobId => this.GetPrimaryKeyString();

    public async Task<CouponOutreachView> Start(StartCouponOutreach request)
    {
        if (State.TemplateId is not null)
        {
            return State.RequestHash == request.RequestHash
                ? View()
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This job id was started with another request.");
        }
        State.TemplateId = request.TemplateId;
        State.Segment = request.Segment;
        State.RequestHash = request.RequestHash;
        State.Status = Running;
        State.StartedAt = Time.GetUtcNow();
        State.StartedBy = request.By.KeyId;
        await SaveAsync();
        return View();
    }

    public Task<CouponOutreachView?> Get(GetCouponOutreach request) => Task.FromResult(State.TemplateId is null ? null : View());

    public async Task<CouponOutreachView> Advance(AdvanceCouponOutreach request)
    {
        EnsureStarted();
        if (State.Status != Running || State.Cursor != request.From)
        {
            // Another run counted this batch already (or the job is done): nothing to add.
            return View();
        }
        State.Cursor = request.To;
        State.Processed += request.Processed;
        State.Issued += request.Issued;
        State.Batches++;
        await SaveAsync();
        return View();
    }

    public async Task<CouponOutreachView> Complete(CompleteCouponOutreach request)
    {
        EnsureStarted();
        if (State.Status == Running && State.Cursor == request.At)
        {
            State.Status = Completed;
            State.CompletedAt = Time.GetUtcNow();
            await SaveAsync();
        }
        return View();
    }

    private void EnsureStarted()
    {
        if (State.TemplateId is null)
        {
            throw new DomainException(ErrorCodes.NotFound, "No outreach job has this id.");
        }
    }

    private CouponOutreachView View() => new(JobId, State.TemplateId!, State.Segment!, State.Status, State.StartedAt, State.StartedBy,
        State.Cursor, State.Processed, State.Issued, State.Batches, State.CompletedAt);
}

public sealed class OutreachJobIndexState
{
    public List<string> Running { get; set; } = [];
}

/// <summary>The outreach jobs still running (key "default"), so a starting host resumes them.</summary>
[Alias("Loyalty.IOutreachJobIndexGrain")]
public interface IOutreachJobIndexGrain : IGrainWithStringKey
{
    [Alias("Track")]
    Task<OutreachJobIds> Track(TrackOutreachJob request);

    [Alias("List")]
    Task<OutreachJobIds> List(ListOutreachJobs request);
}

[GrainType("outreach-job-index")]
public sealed class OutreachJobIndexGrain(
    [PersistentState("outreach-jobs", ProgramDataStorage.Name)] IPersistentState<OutreachJobIndexState> state)
    : ProgramDataGrain<OutreachJobIndexState>(state), IOutreachJobIndexGrain
{
    public const string DefaultKey = "default";

    public async Task<OutreachJobIds> Track(TrackOutreachJob request)
    {
        var listed = State.Running.Contains(request.JobId);
        if (request.Running != listed)
        {
            if (request.Running)
            {
                State.Running.Add(request.JobId);
            }
            else
            {
                State.Running.Remove(request.JobId);
            }
            await SaveAsync();
        }
        return new OutreachJobIds(State.Running.ToList());
    }

    public Task<OutreachJobIds> List(ListOutreachJobs request) => Task.FromResult(new OutreachJobIds(State.Running.ToList()));
}
