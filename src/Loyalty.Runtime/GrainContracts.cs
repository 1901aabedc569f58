namespace Loyalty.Runtime;

/// <summary>Marker for grain interfaces keyed by a string. Each method takes one request record and returns Task of one result record.</summary>
public interface IGrainWithStringKey;

/// <summary>Gives references to grains; the activation is created on first call (virtual actors).</summary>
public interface IGrainFactory
{
    TGrain Get<TGrain>(string key) where TGrain : IGrainWithStringKey;
}

/// <summary>Another writer changed the grain, or a commit failed: the call had no effect and may be retried.</summary>
public sealed class GrainConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The storage already holds this operation (ledger or document id): it was applied before.</summary>
public sealed class DuplicateOperationException(string message) : Exception(message);
