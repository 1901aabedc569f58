using Loyalty.Domain;
using Loyalty.Domain.Points;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;

namespace Loyalty.Grains.Members;

/// <summary>
/// Transfers (积分转赠) and the undo of debits. A transfer is two grain steps orchestrated by the host (members never
/// call members): the giver debits and commits (operation id = transfer id), then the receiver credits (operation
/// <c>transfer:{id}</c>). A receiver that is not active records its refusal, so every retry gets the same answer and
/// the giver's undo (operation <c>{id}:undo</c>) can never race a late credit.
/// </summary>
public sealed partial class MemberGrain
{
    public static class PointsOperationKinds
    {
        public const string TransferOut = "transfer-out";
        public const string TransferIn = "transfer-in";
        public const string TransferRefused = "transfer-refused";
        public const string Adjustment = "adjustment";
        public const string CheckIn = "check-in";
        public const string Review = "review";
        public const string Referral = "referral";
        public const string Redemption = "redemption";
        public const string UndoSuffix = "-undo";
    }

    public async Task<PointsOperationResult> TransferOut(TransferOut request)
    {
        EnsureExists();
        if (await RepeatOf(request.TransferId, request.RequestHash) is { } repeat)
        {
            return repeat;
        }
        EnsureCanTransact();
        if (request.ToMemberId == Key)
        {
            throw new DomainException(ErrorCodes.Validation, "A member cannot transfer points to themself.");
        }
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        TransferLimit.Check(program, State.TransferredToday.On(today), request.Points);
        if (await ToPool(request.TransferId, PointsOperationKinds.TransferOut, request.By.StoreId, spend: request.Points) is { } pool)
        {
            State.TransferredToday.Add(today, request.Points);
            return RecordOperation(request.TransferId, request.RequestHash, PointsOperationKinds.TransferOut, -request.Points, 0,
                new PointsLedgerNote("transfer out of the household pool", request.By.KeyId, request.ToMemberId), request.By.StoreId, pool: pool);
        }
        var lots = DebitTracked(request.Points);
        State.TransferredToday.Add(today, request.Points);
        return RecordOperation(request.TransferId, request.RequestHash, PointsOperationKinds.TransferOut, -request.Points, 0,
            new PointsLedgerNote("transfer to another member", request.By.KeyId, request.ToMemberId), request.By.StoreId, lots);
    }

    public async Task<PointsOperationResult> TransferIn(TransferIn request)
    {
        EnsureExists();
        var operationId = $"transfer:{request.TransferId}";
        if (await RepeatOf(operationId, request.RequestHash) is { } repeat)
        {
            return repeat;
        }
        var note = new PointsLedgerNote("transfer from another member", request.By.KeyId, request.FromMemberId);
        if (State.Status != MemberStatus.Active)
        {
            // Recorded, not thrown: a thrown refusal would leave nothing behind, and a retry after an unfreeze could then
            // credit points the giver already got back.
            var code = State.Status == MemberStatus.Frozen ? ErrorCodes.MemberFrozen : ErrorCodes.MemberCancelled;
            return RecordOperation(operationId, request.RequestHash, PointsOperationKinds.TransferRefused, 0, 0,
                note with { Note = "the receiver is not active" }, request.By.StoreId, refusalCode: code);
        }
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        if (await ToPool(operationId, PointsOperationKinds.TransferIn, request.By.StoreId, earn: request.Points) is { } pool)
        {
            return RecordOperation(operationId, request.RequestHash, PointsOperationKinds.TransferIn, pool.Earned - pool.ToPending, pool.ToPending,
                note, request.By.StoreId, pool: pool);
        }
        var credit = CreditNotEarned(program, today, request.Points, operationId);
        return RecordOperation(operationId, request.RequestHash, PointsOperationKinds.TransferIn, credit.ToAvailable, credit.ToPending,
            note, request.By.StoreId);
    }

    /// <summary>Gives back what a committed transfer-out or redemption took, with the same lots; idempotent.</summary>
    public async Task<PointsOperationResult> UndoDebit(UndoDebit request)
    {
        EnsureExists();
        var operationId = $"{request.OperationId}:undo";
        if (await RepeatOf(operationId, "undo") is { } repeat)
        {
            return repeat;
        }
        var original = await StoredOperation(request.OperationId);
        if (original is null || original.Result.Kind is not (PointsOperationKinds.TransferOut or PointsOperationKinds.Redemption))
        {
            throw new DomainException(ErrorCodes.NotFound, "No transfer or redemption with this id to undo.");
        }
        // Compensation always goes through, whatever the member's status: the points were taken for something that did not happen.
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        var points = -original.Result.PointsDelta;
        if (original.HouseholdId is { } householdId)
        {
            // The points came from the pool: they go back to it, whether or not the member is still in it.
            var pool = await ApplyToPool(GrainFactory.GetGrain<IHouseholdGrain>(householdId), new PoolOperation(operationId, Key, "undo", request.By.StoreId,
                Spend: 0, Earn: 0, Return: points, EnforceLimits: false));
            return RecordOperation(operationId, "undo", original.Result.Kind + PointsOperationKinds.UndoSuffix, points, 0,
                new PointsLedgerNote(request.Reason, request.By.KeyId, original.Result.CounterpartyId), request.By.StoreId, pool: pool);
        }
        State.Wallet.PutBack(program, today, original.LotsTaken, points);
        if (original.Result.Kind == PointsOperationKinds.TransferOut && ProgramCalendar.Today(program, original.Result.At) == today)
        {
            // The transfer did not happen, so it does not use up today's limit.
            State.TransferredToday.Add(today, -points);
        }
        return RecordOperation(operationId, "undo", original.Result.Kind + PointsOperationKinds.UndoSuffix, points, 0,
            new PointsLedgerNote(request.Reason, request.By.KeyId, original.Result.CounterpartyId), request.By.StoreId);
    }
}
