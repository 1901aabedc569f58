using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Notifications;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Approvals;

/// <summary>A store's pending work (待审批): requests that take effect only once approved. Key: the store id.</summary>
[Alias("Loyalty.IApprovalQueueGrain")]
public interface IApprovalQueueGrain : IGrainWithStringKey
{
    /// <summary>Files a request; the same request id again answers the request as it stands.</summary>
    [Alias("Submit")]
    Task<ApprovalView> Submit(SubmitApproval request);

    [Alias("Decide")]
    Task<ApprovalView> Decide(DecideApproval request);

    [Alias("Complete")]
    Task<ApprovalView> Complete(CompleteApproval request);

    [Alias("Get")]
    Task<ApprovalView?> Get(GetApproval request);

    [Alias("List")]
    Task<ApprovalList> List(ListApprovals request);
}

/// <summary>
/// Holds a store's approval requests. Step 1 is the store's manager (or an admin); a second step, where the program asks
/// for one (lost-card replacement), is a chain supervisor: an admin other than the one who gave step 1. It calls no
/// other grain: the API carries an approved request out and then marks it complete.
/// </summary>
[GrainType(StateTypes.Approvals)]
public sealed class ApprovalQueueGrain(
    [LedgeredState(StateTypes.Approvals)] ILedgeredState<ApprovalQueueState> state)
    : LedgeredGrain<ApprovalQueueState>(state), IApprovalQueueGrain
{
    /// <summary>Decided requests kept for reading; pending ones are always kept.</summary>
    private const int DecidedKept = 200;

    private string Account => $"approvals:{Key}";

    public Task<ApprovalView> Submit(SubmitApproval request)
    {
        if (Find(request.RequestId) is { } existing)
        {
            return Task.FromResult(View(existing));
        }
        if (request.Kind is not (ApprovalKinds.Membership or ApprovalKinds.CardIssue or ApprovalKinds.CardReplacement) || request.StepsNeeded is < 1 or > 2)
        {
            throw new DomainException(ErrorCodes.Validation, "Unknown approval kind or number of steps.");
        }
        var now = Time.GetUtcNow();
        var entry = new ApprovalEntry
        {
            RequestId = request.RequestId, Kind = request.Kind, Subject = request.Subject, StepsNeeded = request.StepsNeeded,
            RequestedBy = request.By.KeyId, RequestedAt = now,
        };
        State.Requests.Add(entry);
        AppendLedger(new LedgerRow(Account, $"submit:{request.RequestId}", "approval-request", now, Key,
            DataJson: JsonSerializer.Serialize(new ApprovalLedgerNote(request.RequestId, request.Kind, ApprovalStatus.Pending, 0, request.By.KeyId, null),
                GrainJson.Default.ApprovalLedgerNote)));
        return Task.FromResult(View(entry));
    }

    public Task<ApprovalView> Decide(DecideApproval request)
    {
        var entry = Find(request.RequestId) ?? throw new DomainException(ErrorCodes.NotFound, "No such approval request at this store.");
        if (entry.Status != ApprovalStatus.Pending)
        {
            if (request.Approve && entry.Status == ApprovalStatus.Approved)
            {
                return Task.FromResult(View(entry));
            }
            throw new DomainException(ErrorCodes.ApprovalDecided, $"The request is already {entry.Status}.");
        }
        var approvals = entry.Steps.Count(s => s.Decision == ApprovalStatus.Approved);
        if (approvals >= entry.StepsNeeded && request.Approve)
        {
            // Approved at every step but not yet carried out: approving again lets the caller finish it.
            return Task.FromResult(View(entry));
        }
        // A request stuck after its last approval (it could not be carried out) may be dropped by whoever may give step 1.
        var step = Math.Min(approvals + 1, entry.StepsNeeded);
        EnsureMayDecide(entry, approvals >= entry.StepsNeeded ? 1 : step, request.By);

        var now = Time.GetUtcNow();
        var decision = request.Approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        var decisionNumber = entry.Steps.Count + 1;
        entry.Steps.Add(new ApprovalStep { Decision = decision, Role = request.By.Role, By = request.By.KeyId, At = now, Note = request.Note });
        AppendLedger(new LedgerRow(Account, $"decide:{request.RequestId}:{decisionNumber}", "approval-decision", now, Key,
            DataJson: JsonSerializer.Serialize(new ApprovalLedgerNote(request.RequestId, entry.Kind, decision, step, request.By.KeyId, request.Note),
                GrainJson.Default.ApprovalLedgerNote)));
        if (!request.Approve)
        {
            entry.Status = ApprovalStatus.Rejected;
            if (entry.Kind == ApprovalKinds.Membership)
            {
                WriteDocument(Outbox.Row(entry.Subject.MemberId, now, NotificationKinds.ApplicationRejected, request.RequestId,
                    new ApprovalNotice(request.RequestId, entry.Kind, ApprovalStatus.Rejected, request.Note)));
            }
            Trim();
        }
        return Task.FromResult(View(entry));
    }

    public Task<ApprovalView> Complete(CompleteApproval request)
    {
        var entry = Find(request.RequestId) ?? throw new DomainException(ErrorCodes.NotFound, "No such approval request at this store.");
        if (entry.Status == ApprovalStatus.Approved)
        {
            return Task.FromResult(View(entry));
        }
        if (entry.Status != ApprovalStatus.Pending || entry.Steps.Count(s => s.Decision == ApprovalStatus.Approved) < entry.StepsNeeded)
        {
            throw new DomainException(ErrorCodes.ApprovalDecided, "Only a request approved at every step can be carried out.");
        }
        var now = Time.GetUtcNow();
        entry.Status = ApprovalStatus.Approved;
        entry.Result = request.Result;
        AppendLedger(new LedgerRow(Account, $"complete:{request.RequestId}", "approval-complete", now, Key,
            DataJson: JsonSerializer.Serialize(new ApprovalLedgerNote(request.RequestId, entry.Kind, ApprovalStatus.Approved, entry.StepsNeeded,
                request.By.KeyId, request.Result), GrainJson.Default.ApprovalLedgerNote)));
        if (entry.Kind == ApprovalKinds.Membership)
        {
            WriteDocument(Outbox.Row(entry.Subject.MemberId, now, NotificationKinds.ApplicationApproved, request.RequestId,
                new ApprovalNotice(request.RequestId, entry.Kind, ApprovalStatus.Approved, entry.Steps[^1].Note)));
        }
        Trim();
        return Task.FromResult(View(entry));
    }

    public Task<ApprovalView?> Get(GetApproval request) =>
        Task.FromResult(Find(request.RequestId) is { } entry ? View(entry) : null);

    public Task<ApprovalList> List(ListApprovals request) => Task.FromResult(new ApprovalList(Key,
        State.Requests.Where(r => request.Status is null || r.Status == request.Status).Select(View).ToList()));

    /// <summary>Step 1: the store's manager or an admin. Step 2: an admin who did not give step 1 (four eyes).</summary>
    private void EnsureMayDecide(ApprovalEntry entry, int step, Contracts.Actor by)
    {
        var isAdmin = by.Role == "admin";
        var allowed = step == 1
            ? isAdmin || (by.Role == "manager" && by.StoreId == Key)
            : isAdmin && entry.Steps.All(s => s.By != by.KeyId);
        if (!allowed)
        {
            throw new DomainException("forbidden", step == 1
                ? "The first approval is the store manager's (or an admin's)."
                : "The second approval is a chain supervisor's: an admin other than the one who gave the first.");
        }
    }

    private ApprovalEntry? Find(string requestId) => State.Requests.Find(r => r.RequestId == requestId);

    private void Trim()
    {
        var decided = State.Requests.Where(r => r.Status != ApprovalStatus.Pending).ToList();
        foreach (var old in decided.Take(Math.Max(0, decided.Count - DecidedKept)))
        {
            State.Requests.Remove(old);
        }
    }

    private ApprovalView View(ApprovalEntry e) => new(
        e.RequestId, Key, e.Kind, e.Status, e.Subject, e.StepsNeeded,
        e.Steps.Select((s, i) => new ApprovalStepView(i + 1, s.Decision, s.Role, s.By, s.At, s.Note)).ToList(),
        e.RequestedBy, e.RequestedAt, e.Result,
        e.Status == ApprovalStatus.Pending && e.Steps.Count(s => s.Decision == ApprovalStatus.Approved) >= e.StepsNeeded);
}
