using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;

namespace Loyalty.Host.Gifts;

/// <summary>
/// The gift catalogue's stock behind <see cref="IGiftStock"/>: one GiftGrain per item keeps stock from going negative.
/// A refused reservation is cancelled at once (a release of that id), so a retry of the same redemption after a
/// restock is refused too and can never get a gift whose points were already given back.
/// </summary>
public sealed class GrainGiftStock(IGrainFactory grains) : IGiftStock
{
    public async Task<GiftItem?> FindAsync(string catalogItemId, CancellationToken ct = default) =>
        await grains.GetGrain<IGiftGrain>(catalogItemId).Get(new GetGift()) is { } gift
            ? new GiftItem(gift.CatalogItemId, gift.Name, gift.PointsPrice, gift.CouponTemplateId)
            : null;

    public async Task<bool> ReserveAsync(string redemptionId, string catalogItemId, int quantity, CancellationToken ct = default)
    {
        var gift = grains.GetGrain<IGiftGrain>(catalogItemId);
        try
        {
            var reservation = await gift.Reserve(new ReserveGift(redemptionId, quantity));
            return !reservation.Released;
        }
        catch (DomainException e) when (e.Code is ErrorCodes.OutOfStock or ErrorCodes.Conflict)
        {
            await gift.Release(new ReleaseGift(redemptionId));
            return false;
        }
    }

}
