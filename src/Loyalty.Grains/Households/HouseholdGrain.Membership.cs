using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Households;

/// <summary>Joining and leaving: points move in with their lots and attribution, and out as far as the pool allows.</summary>
public sealed partial class HouseholdGrain
{
    public Task<JoinResult> Join(JoinHousehold request)
    {
        if (State.Members.Find(m => m.MemberId == request.MemberId && m.JoinOperationId == request.OperationId) is { } joined)
        {
            return Task.FromResult(new JoinResult(joined.BroughtPoints, joined.BroughtPending, View()));
        }
        var now = Time.GetUtcNow();
        if (IsNew)
        {
            if (request.Role != HouseholdRoles.Primary)
            {
                throw new DomainException(ErrorCodes.NotFound, "Household not found.");
            }
            State.HouseholdId = Key;
            State.Kind = request.Kind;
            State.PrimaryMemberId = request.MemberId;
            State.ContractDiscountRate = request.ContractDiscountRate;
            State.PoolCardNumber = request.PoolCardNumber;
            State.CreatedAt = now;
        }
        else
        {
            EnsureExists();
            if (request.Role == HouseholdRoles.Primary)
            {
                throw new DomainException(ErrorCodes.Conflict, "This household already has its primary member.");
            }
            if (State.Members.Any(m => m.MemberId == request.MemberId))
            {
                throw new DomainException(ErrorCodes.Conflict, "The member already belongs to this household.");
            }
            if (State.Kind == HouseholdKinds.Couple && State.Members.Count >= 2)
            {
                throw new DomainException(ErrorCodes.HouseholdLimit, "A couple card has two members.");
            }
        }
        Maintain();
        // The member's points come in with their expiry and release dates, attributed to the member.
        var (points, pending) = State.Wallet.Receive(request.Lots, request.Pending, request.MemberId);
        State.Members.Add(new HouseholdMember
        {
            MemberId = request.MemberId,
            Role = request.Role,
            // A corporate account's employees spend the pool the company funds; family members by permission.
            CanSpend = request.Role == HouseholdRoles.Primary || request.CanSpend,
            DailySpendLimit = request.Role == HouseholdRoles.Primary ? null : request.DailySpendLimit,
            Earned = points + pending,
            JoinedAt = now,
            JoinOperationId = request.OperationId,
            BroughtPoints = points,
            BroughtPending = pending,
        });
        AppendLedger(new LedgerRow(Account, request.OperationId, "join", now, request.By.StoreId,
            PointsDelta: points, PendingDelta: pending, PointsAfter: State.Available,
            DataJson: JsonSerializer.Serialize(new PoolLedgerNote(request.MemberId, points + pending, 0, 0, 0), GrainJson.Default.PoolLedgerNote)));
        return Task.FromResult(new JoinResult(points, pending, View()));
    }

    public Task<LeaveResult> Leave(LeaveHousehold request)
    {
        if (State.Departures.Find(d => d.OperationId == request.OperationId) is { } left)
        {
            return Task.FromResult(new LeaveResult(left.Lots, left.Pending, View()));
        }
        EnsureExists();
        var member = State.Members.Find(m => m.MemberId == request.MemberId)
            ?? throw new DomainException(ErrorCodes.NotFound, "The member does not belong to this household.");
        if (member.Role == HouseholdRoles.Primary && !request.Dissolve)
        {
            throw new DomainException(ErrorCodes.Validation, "The primary member cannot leave; dissolve the household instead.");
        }
        if (request.Dissolve && (member.Role != HouseholdRoles.Primary || State.Members.Count > 1))
        {
            throw new DomainException(ErrorCodes.Validation, "Only the primary dissolves, after the other members have left.");
        }
        Maintain();
        var now = Time.GetUtcNow();
        // The leaving member takes the points they earned and did not spend, as far as the pool allows, their own
        // lots first; on dissolution the primary takes everything.
        var share = request.Dissolve ? State.Available : Math.Clamp(member.Earned - member.Spent, 0, State.Available);
        var lots = State.Wallet.Spend(share, preferEarnedBy: request.MemberId);
        var pending = State.Wallet.TakePending(l => request.Dissolve || l.EarnedBy == request.MemberId);
        var pendingPoints = pending.Sum(l => l.Points);
        State.Members.Remove(member);
        State.Departures.Add(new Departure { OperationId = request.OperationId, MemberId = request.MemberId, Lots = lots, Pending = pending });
        State.Dissolved = request.Dissolve;
        AppendLedger(new LedgerRow(Account, request.OperationId, request.Dissolve ? "dissolve" : "leave", now, request.By.StoreId,
            PointsDelta: -share, PendingDelta: -pendingPoints, PointsAfter: State.Available,
            DataJson: JsonSerializer.Serialize(new PoolLedgerNote(request.MemberId, 0, 0, share + pendingPoints, 0), GrainJson.Default.PoolLedgerNote)));
        return Task.FromResult(new LeaveResult(lots, pending, View()));
    }
}
