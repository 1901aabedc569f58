namespace Loyalty.Host.Infrastructure;

/// <summary>Request hashes for idempotency of the points endpoints (the once-per-id call is PointsOperations.Once).</summary>
public static class PointsOperationCalls
{
    /// <summary>
    /// Identifies a request for idempotency (the operation id itself is left out by the caller). The caller passes the
    /// parsed values (longs, trimmed text, <see cref="Canonical.Number"/> for money), never the raw body.
    /// </summary>
    public static string Hash(object canonical) => Canonical.Hash(canonical);
}
