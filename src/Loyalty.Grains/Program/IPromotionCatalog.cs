using Loyalty.Domain.Pricing;

namespace Loyalty.Grains.Program;

/// <summary>Promotions in force, read synchronously by checkouts (an in-memory copy of the stored promotions).</summary>
public interface IPromotionCatalog
{
    IReadOnlyList<ActivePromotion> ActiveFor(string storeId, DateTimeOffset at);
}
