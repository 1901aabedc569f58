using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Catalog;

public sealed class GiftCatalogState
{
    public List<string> ItemIds { get; set; } = [];
}

/// <summary>The index of the gift catalogue (key "default"): which items exist. Names, prices and stock live in each gift grain.</summary>
[Alias("Loyalty.IGiftCatalogGrain")]
public interface IGiftCatalogGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task<GiftIds> Add(AddGiftToCatalog request);

    [Alias("List")]
    Task<GiftIds> List(ListGifts request);
}

[GrainType("gift-catalog")]
public sealed class GiftCatalogGrain(
    [PersistentState("gift-catalog", ProgramDataStorage.Name)] IPersistentState<GiftCatalogState> state)
    : ProgramDataGrain<GiftCatalogState>(state), IGiftCatalogGrain
{
    public const string DefaultKey = "default";

    public async Task<GiftIds> Add(AddGiftToCatalog request)
    {
        if (!State.ItemIds.Contains(request.CatalogItemId))
        {
            State.ItemIds.Add(request.CatalogItemId);
            await SaveAsync();
        }
        return new GiftIds(State.ItemIds.ToList());
    }

    public Task<GiftIds> List(ListGifts request) => Task.FromResult(new GiftIds(State.ItemIds.ToList()));
}
