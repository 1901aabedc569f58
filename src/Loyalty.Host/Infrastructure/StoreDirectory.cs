namespace Loyalty.Host.Infrastructure;

/// <summary>The chain's stores (section <c>Loyalty:Stores</c>, a list of store ids); anything else is not a store.</summary>
public sealed class StoreOptions
{
    public List<string> Stores { get; set; } = [];

    /// <summary>The stores of the development run (the demo data and the development keys use them).</summary>
    public static readonly IReadOnlyList<string> Development = ["S001", "S002"];
}

/// <summary>Answers whether a store id names a configured store; every endpoint that takes a store id asks it.</summary>
public sealed class StoreDirectory(IReadOnlyCollection<string> stores)
{
    private readonly HashSet<string> _stores = new(stores, StringComparer.Ordinal);

    public IReadOnlyCollection<string> All => _stores;

    public bool IsKnown(string? storeId) => storeId is not null && _stores.Contains(storeId);

    /// <summary>Adds "not a store of the chain" for a given id that is not configured (null passes: required-ness is checked elsewhere).</summary>
    public Validation Check(Validation validation, string field, string? storeId)
    {
        if (storeId is not null && validation.IsValidField(field) && !IsKnown(storeId))
        {
            validation.Add(field, "Not a store of the chain (Loyalty:Stores).");
        }
        return validation;
    }
}
