using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Persistence.Storage;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Request hashes for idempotency, and the once-per-operation-id call of single-grain points endpoints (the rule
/// itself lives with the flows: <see cref="PointsOperations"/>).
/// </summary>
public static class PointsOperationCalls
{
    /// <summary>
    /// Identifies a request for idempotency (the operation id itself is left out by the caller). The caller passes the
    /// parsed values (longs, trimmed text, <see cref="Canonical.Number"/> for money), never the raw body.
    /// </summary>
    public static string Hash(object canonical) => Canonical.Hash(canonical);

    /// <summary>The flows' once-per-operation-id call (<see cref="PointsOperations.Once"/>), for single-grain endpoints.</summary>
    public static Task<PointsOperationResult> Once(Func<Task<PointsOperationResult>> call, ILedgerStore storage,
        string memberId, string operationId, string requestHash) => PointsOperations.Once(call, storage, memberId, operationId, requestHash);
}
