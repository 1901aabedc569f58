using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Calls a member's points operation once per operation id. The grain answers repeats it remembers; an older
/// repeat trips the ledger's unique (account, operation id) at commit, and then the stored record answers it
/// (same body) or it is an <c>idempotency_mismatch</c>.
/// </summary>
public static class PointsOperations
{
    public static async Task<PointsOperationResult> Once(Func<Task<PointsOperationResult>> call, ILedgerStore storage,
        string memberId, string operationId, string requestHash)
    {
        try
        {
            return await call();
        }
        catch (DuplicateOperationException)
        {
            var document = await storage.ReadDocumentAsync(Documents.PointsOperations, MemberGrain.OperationDocumentId(memberId, operationId))
                ?? throw new DomainException(ErrorCodes.OperationIdTaken, "The operation id was already used for something else on this member.");
            var record = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.PointsOperationRecord)!;
            return record.RequestHash == requestHash
                ? record.Result
                : throw new DomainException(ErrorCodes.IdempotencyMismatch, "This operation id was used with another request body.");
        }
    }
}
