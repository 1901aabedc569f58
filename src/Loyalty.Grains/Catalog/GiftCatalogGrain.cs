using System.Text.Json.Serialization.Metadata;
using Loyalty.Grains.Contracts;
using Loyalty.Runtime;

namespace Loyalty.Grains.Catalog;

public sealed class GiftCatalogState
{
    public List<string> ItemIds { get; set; } = [];
}

/// <summary>The index of the gift catalogue (key "default"): which items exist. Names, prices and stock live in each gift grain.</summary>
public interface IGiftCatalogGrain : IGrainWithStringKey
{
    Task<GiftIds> Add(AddGiftToCatalog request);

    Task<GiftIds> List(ListGifts request);
}

public sealed class GiftCatalogGrain : Grain<GiftCatalogState>, IGiftCatalogGrain
{
    public const string DefaultKey = "default";

    protected override JsonTypeInfo<GiftCatalogState> StateJson => GrainJson.Default.GiftCatalogState;

    public Task<GiftIds> Add(AddGiftToCatalog request)
    {
        if (!State.ItemIds.Contains(request.CatalogItemId))
        {
            State.ItemIds.Add(request.CatalogItemId);
            MarkChanged();
        }
        return Task.FromResult(new GiftIds(State.ItemIds.ToList()));
    }

    public Task<GiftIds> List(ListGifts request) => Task.FromResult(new GiftIds(State.ItemIds.ToList()));
}
