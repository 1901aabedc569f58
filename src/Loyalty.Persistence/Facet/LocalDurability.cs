using System.Collections.Concurrent;

namespace Loyalty.Persistence;

/// <summary>
/// The activations of this silo that share their durability (<see cref="LedgeredStateAttribute.SharesDurability"/>),
/// by activation id. A grain that acted on such an activation's answer, given before its commit, takes the task of
/// that activation's write from here instead of asking the grain: no call, and its own write joins the group commit
/// on the commit loop the moment that write is durable (<see cref="GroupCommitter.CommitAsync"/>). An activation in
/// another silo, or one gone since it answered, is not here: then the grain is asked.
/// </summary>
internal sealed class LocalDurability
{
    private readonly ConcurrentDictionary<string, ISharedDurability> _activations = new();

    public void Add(string activationId, ISharedDurability activation) => _activations[activationId] = activation;

    public void Remove(string activationId) => _activations.TryRemove(activationId, out _);

    /// <summary>Completes when what the activation has changed so far is durable; null when it is not in this silo.</summary>
    public Task? WhenDurable(string activationId) =>
        _activations.TryGetValue(activationId, out var activation) ? activation.WhenDurable() : null;
}

/// <summary>An activation's durability, as other grains' threads may ask for it.</summary>
internal interface ISharedDurability
{
    /// <summary>Completes when what the activation has changed so far is durable; faults when some of it was lost.</summary>
    Task WhenDurable();
}
