using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Defining a gift (礼品): the item's grain, then the catalogue index that lists it. Both steps are idempotent, so
/// retrying the same request finishes one that failed between them.
/// </summary>
public sealed class GiftDefinitionFlow(IGrainFactory grains)
{
    public async Task<GiftView> DefineAsync(string catalogItemId, DefineGift request)
    {
        var gift = await grains.GetGrain<IGiftGrain>(catalogItemId).Define(request);
        await grains.GetGrain<IGiftCatalogGrain>(GiftCatalogGrain.DefaultKey).Add(new AddGiftToCatalog(catalogItemId));
        return gift;
    }
}
