namespace Loyalty.Persistence;

/// <summary>
/// Another writer changed the grain (a stale or duplicate activation), or its commit failed: the call had no effect
/// and may be retried. The HTTP edge answers 409 <c>conflict</c>.
/// </summary>
[GenerateSerializer, Alias("Loyalty.GrainConflict")]
public sealed class GrainConflictException : Exception
{
    public GrainConflictException()
    {
    }

    public GrainConflictException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The storage already holds this operation (ledger or document id): it was applied before.</summary>
[GenerateSerializer, Alias("Loyalty.DuplicateOperation")]
public sealed class DuplicateOperationException : Exception
{
    public DuplicateOperationException()
    {
    }

    public DuplicateOperationException(string message) : base(message)
    {
    }
}
