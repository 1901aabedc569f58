namespace Loyalty.Host.Gifts;

/// <summary>A gift of the catalogue as redemption needs it: its points price.</summary>
public sealed record GiftItem(string CatalogItemId, string Name, long PointsPerItem, string? CouponTemplateId = null);

/// <summary>
/// The gift catalogue's stock as the redemption flow needs it (implemented over the GiftGrain: <see cref="GrainGiftStock"/>).
/// Contract: <see cref="ReserveAsync"/> is idempotent per redemption id and its answer is final (a refused id stays
/// refused even after a restock), so a retried redemption whose points were already given back never gets the gift.
/// Stock never goes negative.
/// </summary>
public interface IGiftStock
{
    Task<GiftItem?> FindAsync(string catalogItemId, CancellationToken ct = default);

    /// <summary>Takes <paramref name="quantity"/> items for the redemption; false when the stock is short.</summary>
    Task<bool> ReserveAsync(string redemptionId, string catalogItemId, int quantity, CancellationToken ct = default);
}
