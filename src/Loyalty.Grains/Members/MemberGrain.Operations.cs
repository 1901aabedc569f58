using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Points;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Bookkeeping shared by the non-checkout points operations (transfers, adjustments, earning, redemptions, undo):
/// the repeat check (recent ids with a request hash, then the stored record), one ledger row and one stored record
/// per operation, and debits that remember which lots they took so an undo or a merge can put the same lots back.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>The document id of an operation: operation ids are per member, so the member id scopes them.</summary>
    public static string OperationDocumentId(string memberId, string operationId) => $"{memberId}/{operationId}";

    /// <summary>
    /// The first answer when this id was applied before with the same body; null when it is new here. Unlike checkouts
    /// (the hot path), an id not among the recent ones is also looked up in storage: these operations are rare, and an
    /// old repeat must answer its first result rather than be judged again by today's balance and limits.
    /// </summary>
    private async Task<PointsOperationResult?> RepeatOf(string operationId, string requestHash)
    {
        var seen = FindRecent(operationId);
        var record = await StoredOperation(operationId);
        if (seen is null && record is null)
        {
            return null;
        }
        if ((seen?.Hash ?? record!.RequestHash) != requestHash)
        {
            throw new DomainException(ErrorCodes.IdempotencyMismatch, "This operation id was used with another request body.");
        }
        return record?.Result ?? throw new DomainException(ErrorCodes.Conflict, "The operation is still being recorded; retry.");
    }

    private async Task<PointsOperationRecord?> StoredOperation(string operationId)
    {
        if (_operations.Find(operationId) is { } cached)
        {
            return cached;
        }
        var document = await Storage.ReadDocumentAsync(Documents.PointsOperations, OperationDocumentId(Key, operationId));
        return document is null ? null : JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.PointsOperationRecord);
    }

    /// <summary>Remembers the id, writes the ledger row and the stored record, and answers the result.</summary>
    private PointsOperationResult RecordOperation(string operationId, string requestHash, string kind, long pointsDelta, long pendingDelta,
        PointsLedgerNote note, string? storeId, IReadOnlyList<PointsLot>? lotsTaken = null, string? refusalCode = null, PoolResult? pool = null)
    {
        var now = Time.GetUtcNow();
        RememberOperation(operationId, requestHash);
        if (refusalCode is null)
        {
            // In a household the pool's ledger carries the points; the member's row records the operation only.
            AppendLedger(new LedgerRow(Account, operationId, kind, now, storeId,
                PointsDelta: pool is null ? pointsDelta : 0,
                PendingDelta: pool is null ? pendingDelta : 0,
                PointsAfter: State.Points,
                DataJson: JsonSerializer.Serialize(note, GrainJson.Default.PointsLedgerNote)));
        }
        if (refusalCode is null)
        {
            NotifyIfLarge(programs.Current, operationId, pointsDelta + pendingDelta, pool?.Available ?? State.Points);
        }
        var result = new PointsOperationResult(operationId, Key, kind, pointsDelta, pendingDelta,
            pool?.Available ?? State.Points, pool?.Pending ?? State.PendingPoints, now, note.CounterpartyId, note.Note, refusalCode);
        var record = new PointsOperationRecord(operationId, Key, requestHash, result, lotsTaken, pool is null ? null : State.HouseholdId);
        WriteDocument(new DocumentRow(Documents.PointsOperations, OperationDocumentId(Key, operationId), Key,
            JsonSerializer.Serialize(record, GrainJson.Default.PointsOperationRecord)));
        _operations.Remember(operationId, record);
        return result;
    }

    /// <summary>Spends the member's own points (soonest-expiring lots first) and answers the parts of the lots it took.</summary>
    private List<PointsLot> DebitTracked(long points)
    {
        if (points > State.Points)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints, $"The member has {State.Points} points available, {points} were asked.");
        }
        return State.Wallet.Spend(points);
    }

    /// <summary>
    /// In a household, a points operation of this member goes to the pool instead (earning, receiving, spending);
    /// the pool enforces the member's permissions. Null when the member is not in a household.
    /// </summary>
    private async Task<PoolResult?> ToPool(string operationId, string kind, string? storeId, long earn = 0, long spend = 0, long giveBack = 0)
    {
        if (Household is not { } household)
        {
            return null;
        }
        return await ApplyToPool(household, new PoolOperation(operationId, Key, kind, storeId, Spend: spend, Earn: earn, Return: giveBack,
            EnforceLimits: giveBack == 0));
    }

    /// <summary>
    /// The pool answers before its commit (it is a household's hot spot); this member's commit, and so its answer,
    /// waits for the pool's, and is not made if the pool's was lost.
    /// </summary>
    private async Task<PoolResult> ApplyToPool(IHouseholdGrain household, PoolOperation operation)
    {
        var result = await household.Apply(operation);
        DependOn(result.ActivationId, () => household.AwaitDurable(result.ActivationId));
        return result;
    }

    /// <summary>
    /// Credits points that were not earned (received by transfer, added by hand): debt, pending days and lots apply,
    /// but not the daily earning cap or the points-earned tier metric.
    /// </summary>
    private WalletCredit CreditNotEarned(ProgramSettings program, DateOnly today, long points, string operationId) =>
        State.Wallet.Credit(program, today, points, operationId);
}
