using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Households;

/// <summary>
/// The household pool. Every points change of its members goes through here one turn at a time, so the pool can
/// never be overdrawn; while one commit is in flight the next members' operations run against memory and commit
/// together (architecture guarantee 8), so a hot household is not limited to one commit per checkout.
/// Pending points are released and lots expired lazily, on the first call of the day they fall due.
/// </summary>
// Reentrant, and safe to be: every method reads and changes the state without awaiting anything (each returns a
// completed task), so one call's work never interleaves with another's; only the waits for commits interleave, and
// the ledgered state commits the calls that end meanwhile together (a hot household costs one write per batch).
// LedgeredState refuses a call that starts while another's turn is open, should a method ever await midway.
[Reentrant]
[GrainType(StateTypes.Household)]
public sealed partial class HouseholdGrain(
    [LedgeredState(StateTypes.Household, SharesDurability = true)] ILedgeredState<HouseholdState> state,
    IProgramProvider programs)
    : LedgeredGrain<HouseholdState>(state), IHouseholdGrain
{
    private const int RecentKept = 128;

    private string Account => LedgerAccounts.Household(Key);

    public Task<HouseholdView?> Get(GetHousehold request)
    {
        if (IsNew)
        {
            return Task.FromResult<HouseholdView?>(null);
        }
        Maintain();
        return Task.FromResult<HouseholdView?>(View());
    }

    public Task<PoolResult> Apply(PoolOperation request)
    {
        EnsureExists();
        if (State.Recent.Find(r => r.OperationId == request.OperationId) is { } seen)
        {
            return Task.FromResult(Result(seen));
        }
        var (program, today) = Maintain();
        var member = State.Members.Find(m => m.MemberId == request.MemberId);
        if (member is null && request.Kind is not ("refund" or "undo"))
        {
            throw new DomainException(ErrorCodes.HouseholdLimit, "The member does not belong to this household.");
        }
        if (request.Spend > 0)
        {
            CheckSpend(member!, request, today);
        }

        var availableBefore = State.Available;
        var pendingBefore = State.Pending;
        var receipt = new PoolReceipt { OperationId = request.OperationId, Spent = request.Spend };
        if (request.Spend > 0)
        {
            State.Wallet.Spend(request.Spend);
            member!.Spent += request.Spend;
            member.SpentToday.Add(today, request.Spend);
        }
        if (request.Earn > 0)
        {
            // The pool reports all of it as earned, whatever part paid the pool's debt.
            receipt.Earned = request.Earn;
            receipt.ToPending = State.Wallet.Credit(Loyalty.Domain.Points.CorporatePoints.Terms(program, State.Kind == HouseholdKinds.Corporate),
                today, request.Earn, request.OperationId, request.MemberId).ToPending;
            if (member is not null)
            {
                member.Earned += request.Earn;
            }
        }
        if (request.Return > 0)
        {
            State.Wallet.Credit(program, today, request.Return, request.OperationId, request.MemberId);
            receipt.Returned = request.Return;
            if (member is not null)
            {
                member.Spent -= request.Return;
            }
        }
        if (request.TakeBack > 0)
        {
            receipt.TakenBack = State.Wallet.TakeBack(program.RefundPolicy, request.TakeBack, request.TakeBackFromOperation).Taken;
            if (member is not null)
            {
                member.Earned -= request.TakeBack;
            }
        }
        Remember(receipt);
        AppendLedger(new LedgerRow(Account, request.OperationId, request.Kind, Time.GetUtcNow(), request.StoreId,
            PointsDelta: State.Available - availableBefore,
            PendingDelta: State.Pending - pendingBefore,
            PointsAfter: State.Available,
            DataJson: JsonSerializer.Serialize(new PoolLedgerNote(request.MemberId, request.Earn, request.Spend, request.TakeBack, request.Return),
                GrainJson.Default.PoolLedgerNote)));
        return Task.FromResult(Result(receipt));
    }

    private void CheckSpend(HouseholdMember member, PoolOperation request, DateOnly today)
    {
        if (request.Kind == MemberGrain.PointsOperationKinds.TransferOut && member.Role != HouseholdRoles.Primary)
        {
            throw new DomainException(ErrorCodes.HouseholdLimit, "Only the primary member transfers points out of the household.");
        }
        if (request.EnforceLimits && member.Role != HouseholdRoles.Primary)
        {
            if (!member.CanSpend)
            {
                throw new DomainException(ErrorCodes.HouseholdLimit, "This member may not spend the household's points.");
            }
            if (member.DailySpendLimit is { } limit && member.SpentToday.On(today) + request.Spend > limit)
            {
                throw new DomainException(ErrorCodes.HouseholdLimit,
                    $"This member may spend {Math.Max(0, limit - member.SpentToday.On(today))} more points today.");
            }
        }
        if (request.Spend > State.Available)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints,
                $"The household has {State.Available} points available, {request.Spend} were asked.");
        }
    }

    /// <summary>Releases pending points and expires lots that fell due; each day's change is one ledger row.</summary>
    private (ProgramSettings Program, DateOnly Today) Maintain()
    {
        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var released = State.Wallet.ReleaseDue(program, today).Sum(l => l.Points);
        if (released > 0)
        {
            AppendLedger(new LedgerRow(Account, $"release:{today:yyyy-MM-dd}", "release", now, null,
                PointsDelta: released, PendingDelta: -released, PointsAfter: State.Available));
        }
        var expired = State.Wallet.ExpireDue(today);
        if (expired.Count > 0)
        {
            AppendLedger(new LedgerRow(Account, $"expire:{today:yyyy-MM-dd}", "expire", now, null,
                PointsDelta: -expired.Sum(l => l.Remaining), PointsAfter: State.Available));
        }
        return (program, today);
    }

    private void Remember(PoolReceipt receipt)
    {
        State.Recent.Add(receipt);
        if (State.Recent.Count > RecentKept)
        {
            State.Recent.RemoveAt(0);
        }
    }

    private PoolResult Result(PoolReceipt r) =>
        new(State.Available, State.Pending, State.Debt, r.Earned, r.ToPending, r.Spent, r.TakenBack, r.Returned, ActivationId);

    public Task AwaitDurable(string activationId) => DurableFor(activationId);

    public Task ReplacePoolCard(ReplacePoolCard request)
    {
        if (!IsNew && State.PoolCardNumber == request.OldCardNumber)
        {
            State.PoolCardNumber = request.NewCardNumber;
            MarkChanged();
        }
        return Task.CompletedTask;
    }

    private void EnsureExists()
    {
        if (IsNew || State.Dissolved)
        {
            throw new DomainException(ErrorCodes.NotFound, "Household not found.");
        }
    }

    private HouseholdView View()
    {
        var today = ProgramCalendar.Today(programs.Current, Time.GetUtcNow());
        return new HouseholdView(State.HouseholdId, State.Kind, State.PrimaryMemberId,
            State.Members.Select(m => new HouseholdMemberView(m.MemberId, m.Role, m.CanSpend, m.DailySpendLimit, m.Earned, m.Spent,
                m.SpentToday.On(today))).ToList(),
            new PointsView(State.Available, State.Pending), State.Debt, State.ContractDiscountRate, State.Dissolved,
            State.PoolCardNumber);
    }
}

/// <summary>Ledger data of a pool row: which member earned or spent (attribution).</summary>
public sealed record PoolLedgerNote(string MemberId, long Earned, long Spent, long TakenBack, long Returned);
