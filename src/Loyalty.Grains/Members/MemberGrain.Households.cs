using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Household membership seen from the member: joining moves the member's points (with lots) into the pool,
/// leaving takes back what the pool gives. While in a household every points change goes to the pool
/// (Member → Household, never the other way).
/// </summary>
public sealed partial class MemberGrain
{
    private IHouseholdGrain? Household => State.HouseholdId is { } id ? GrainFactory.GetGrain<IHouseholdGrain>(id) : null;

    public async Task<MemberView> JoinHousehold(JoinHouseholdRequest request)
    {
        EnsureExists();
        if (State.HouseholdId == request.HouseholdId)
        {
            return await ViewWithHousehold();
        }
        EnsureCanTransact();
        if (State.HouseholdId is not null)
        {
            throw new DomainException(ErrorCodes.Conflict, "The member already belongs to another household.");
        }
        Loyalty.Domain.Points.PoolingRule.Check(programs.Current);
        var operationId = $"join:{Key}:{State.HouseholdJoins + 1}";
        var pending = State.PendingLots.ToList();
        var result = await GrainFactory.GetGrain<IHouseholdGrain>(request.HouseholdId).Join(new JoinHousehold(
            operationId, Key, request.Role, request.CanSpend, request.DailySpendLimit, request.Kind, request.ContractDiscountRate,
            State.Lots.ToList(), pending, request.By, request.PoolCardNumber));

        // Exactly what the pool accepted leaves the member (a retried join answers the first amounts).
        State.Wallet.Spend(result.PointsMoved);
        State.Wallet.TakePending(l => pending.Any(p => p.OperationId == l.OperationId && p.ReleaseOn == l.ReleaseOn));
        State.HouseholdId = request.HouseholdId;
        State.HouseholdKind = result.Household.Kind;
        State.HouseholdContractRate = result.Household.ContractDiscountRate;
        State.HouseholdJoins++;
        RescheduleJobs(programs.Current, ProgramCalendar.Today(programs.Current, Time.GetUtcNow()));
        AppendLedger(new LedgerRow(Account, operationId, "household-join", Time.GetUtcNow(), request.By.StoreId,
            PointsDelta: -result.PointsMoved, PendingDelta: -result.PendingMoved, PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"joined household {request.HouseholdId}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        return await ViewWithHousehold();
    }

    public async Task<MemberView> LeaveHousehold(LeaveHouseholdRequest request)
    {
        EnsureExists();
        if (State.HouseholdId != request.HouseholdId)
        {
            throw new DomainException(ErrorCodes.NotFound, "The member does not belong to this household.");
        }
        var operationId = $"leave:{Key}:{State.HouseholdJoins}";
        var result = await Household!.Leave(new LeaveHousehold(operationId, Key, request.Dissolve, request.By));
        // The pool's attribution stays behind: the member's own lots carry no earner.
        var (points, pendingPoints) = State.Wallet.Receive(result.Lots, result.Pending, earnedBy: null);
        State.HouseholdId = null;
        State.HouseholdKind = null;
        State.HouseholdContractRate = null;
        RescheduleJobs(programs.Current, ProgramCalendar.Today(programs.Current, Time.GetUtcNow()));
        AppendLedger(new LedgerRow(Account, operationId, "household-leave", Time.GetUtcNow(), request.By.StoreId,
            PointsDelta: points, PendingDelta: pendingPoints, PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"left household {request.HouseholdId}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        return View();
    }

    /// <summary>The member view with the pool this member may spend today.</summary>
    private async Task<MemberView> ViewWithHousehold() =>
        Household is { } household ? MemberViews.WithHousehold(View(), await household.Get(new GetHousehold(Key))) : View();
}
