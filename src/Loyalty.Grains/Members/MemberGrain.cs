using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Grains.Notifications;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// The member grain: the single owner of a member's points, spend and tier. Every change is validated first and
/// applied after, so a refused call changes nothing; the runtime commits the change before answering.
/// </summary>
[GrainType(StateTypes.Member)]
public sealed partial class MemberGrain(
    [LedgeredState(StateTypes.Member)] ILedgeredState<MemberState> state,
    IProgramProvider programs,
    IPromotionCatalog promotionCatalog)
    : LedgeredGrain<MemberState>(state), IMemberGrain, IMemberTurns, IMemberTurn
{
    private const int RecentOperationsKept = 32;
    private const int AnswersCached = 64;

    private readonly RecentAnswers<Receipt> _receipts = new(AnswersCached);
    private readonly RecentAnswers<RefundReceipt> _refunds = new(AnswersCached);
    private readonly RecentAnswers<PointsOperationRecord> _operations = new(AnswersCached);

    private string Account => LedgerAccounts.Member(Key);

    public Task<MemberView> Register(RegisterMember request)
    {
        if (!IsNew)
        {
            // A retry of the same registration answers the member; anything else is a clash of ids.
            if (State.Phone == request.Phone && State.Name == request.Name)
            {
                return Task.FromResult(View());
            }
            throw new DomainException(ErrorCodes.Conflict, "A member with this id already exists.");
        }

        var now = Time.GetUtcNow();
        var program = programs.Current;
        AppendLedger(MemberRegistration.Open(State, program, now, request with { MemberId = Key }));
        RescheduleJobs(program, State.TierSince);
        return Task.FromResult(View());
    }

    public async Task<MemberView?> Get(GetMember request) => IsNew ? null : await ViewWithHousehold();

    public Task<MemberView> ChangeStatus(ChangeMemberStatus request)
    {
        EnsureExists();
        if (State.Status == request.Status)
        {
            return Task.FromResult(View());
        }
        var now = Time.GetUtcNow();
        var from = State.Status;
        State.Status = request.Status;
        State.StatusHistory.Add(new StatusChange { Status = request.Status, Reason = request.Reason, By = request.By.KeyId, At = now });
        AppendLedger(new LedgerRow(Account, $"status:{State.StatusHistory.Count}", "status", now, request.By.StoreId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"{from} -> {request.Status}: {request.Reason}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        // Birthday care and reminders are for active members only.
        RescheduleJobs(programs.Current, ProgramCalendar.Today(programs.Current, now));
        return Task.FromResult(View());
    }

    public async Task<MemberView> AttachCard(AttachCard request)
    {
        EnsureExists();
        if (State.Status == MemberStatus.Cancelled)
        {
            throw new DomainException(ErrorCodes.MemberCancelled, "The membership is cancelled.");
        }
        var changed = false;
        if (request.ReplacesCardNumber is { } old && State.Cards.Remove(old))
        {
            changed = true;
            if (State.HouseholdId is { } householdId)
            {
                // The pool may land on the replaced card (a couple card's 主卡): it lands on the new one now.
                await GrainFactory.GetGrain<IHouseholdGrain>(householdId).ReplacePoolCard(new ReplacePoolCard(old, request.CardNumber));
            }
        }
        if (!State.Cards.Contains(request.CardNumber))
        {
            State.Cards.Add(request.CardNumber);
            changed = true;
        }
        if (changed)
        {
            MarkChanged();
        }
        return View();
    }

    private void EnsureExists()
    {
        if (IsNew)
        {
            throw new DomainException(ErrorCodes.NotFound, "Member not found.");
        }
    }

    private void EnsureCanTransact()
    {
        if (State.Status == MemberStatus.Frozen)
        {
            throw new DomainException(ErrorCodes.MemberFrozen, "The member is frozen and cannot earn, redeem or pay.");
        }
        if (State.Status == MemberStatus.Cancelled)
        {
            throw new DomainException(ErrorCodes.MemberCancelled, "The membership is cancelled.");
        }
    }

    private TierMeasure Measure(ProgramSettings program, DateOnly today) =>
        TierRules.Measure(program, State.Spend, State.LifetimePointsEarned, today);

    private TierProgressView Progress(ProgramSettings program, DateOnly today) =>
        MemberViews.Progress(program, State.TierStatus, Measure(program, today), MemberViews.ReviewMeasure(State, program, today));

    /// <summary>Months of daily history the tier metrics need: the longer of the qualifying window and the hold.</summary>
    private static int HistoryMonths(ProgramSettings program) => Math.Max(program.QualifyingWindowMonths, program.TierHoldMonths);

    private MemberView View()
    {
        var program = programs.Current;
        return MemberViews.Member(State, program, ProgramCalendar.Today(program, Time.GetUtcNow()));
    }

    /// <summary>A large balance change (program setting) is worth telling the member about (会员关怀).</summary>
    private void NotifyIfLarge(ProgramSettings program, string operationId, long delta, long balanceAfter)
    {
        if (program.IsLargeBalanceChange(delta))
        {
            Notify(NotificationKinds.LargeBalanceChange, operationId, new BalanceChangeNote(delta, balanceAfter));
        }
    }

    /// <summary>Writes a care notification to the outbox in this turn's commit.</summary>
    private void Notify(string kind, string operationId, object data) =>
        WriteDocument(Outbox.Row(Key, Time.GetUtcNow(), kind, operationId, data));

    MemberState IMemberTurn.State => State;

    string IMemberTurn.MemberId => Key;

    void IMemberTurn.Changed() => MarkChanged();

    void IMemberTurn.Ledger(LedgerRow row) => AppendLedger(row);

    void IMemberTurn.Notify(string kind, string operationId, object data) => Notify(kind, operationId, data);

    private void RememberOperation(string id, string hash)
    {
        State.Recent.Add(new RecentOperation { Id = id, Hash = hash });
        if (State.Recent.Count > RecentOperationsKept)
        {
            State.Recent.RemoveAt(0);
        }
    }

    private RecentOperation? FindRecent(string id) => State.Recent.Find(r => r.Id == id);
}

/// <summary>Outbox data of a large balance change.</summary>
public sealed record BalanceChangeNote(long PointsDelta, long PointsAfter);
