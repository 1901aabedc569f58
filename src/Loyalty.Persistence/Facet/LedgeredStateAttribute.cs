namespace Loyalty.Persistence;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="ILedgeredState{TState}"/>: the grain's state, ledger rows,
/// documents and due jobs, stored under <paramref name="stateType"/> + the grain's key. <paramref name="stateType"/> is
/// part of the storage key, so two grain types never share a row, and it is a stable name, not a CLR type name.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class LedgeredStateAttribute(string stateType) : Attribute, IFacetMetadata
{
    public string StateType { get; } = stateType;

    /// <summary>
    /// The state type of the grain this one's summary names as owner, when activating this grain is nearly always
    /// followed by activating its owner (a card, then its member): the owner's row is read in the same round trip.
    /// </summary>
    public string? OwnerType { get; init; }

    /// <summary>
    /// Other grains in this silo that acted on this grain's answer given before its commit wait for its writes
    /// directly, with no call (<see cref="ILedgeredState{TState}.DependOn"/>): for a hot grain that many callers
    /// depend on, such as a household pool.
    /// </summary>
    public bool SharesDurability { get; init; }
}
