using Loyalty.Domain.Pricing;

namespace Loyalty.Grains.Program;

/// <summary>A promotion as defined by an admin: a points multiplier in a time window, for some stores and categories.</summary>
public sealed record PromotionDefinition(
    string PromotionId, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    IReadOnlyList<string>? StoreIds, IReadOnlyList<string>? Categories, decimal PointsMultiplier, long? PointsBudget = null);

/// <summary>The promotions in force, held in memory and replaced as a whole when they change.</summary>
public sealed class InMemoryPromotionCatalog : IPromotionCatalog
{
    private IReadOnlyList<PromotionDefinition> _promotions = [];

    public IReadOnlyList<PromotionDefinition> All => Volatile.Read(ref _promotions);

    public void Replace(IEnumerable<PromotionDefinition> promotions) => Volatile.Write(ref _promotions, promotions.ToList());

    public IReadOnlyList<ActivePromotion> ActiveFor(string storeId, DateTimeOffset at)
    {
        var all = All;
        if (all.Count == 0)
        {
            return [];
        }
        return all.Where(p => p.StartsAt <= at && at < p.EndsAt && (p.StoreIds is null || p.StoreIds.Count == 0 || p.StoreIds.Contains(storeId)))
            .Select(p => new ActivePromotion(p.PromotionId, p.PointsMultiplier, p.Categories is { Count: > 0 } ? p.Categories : null))
            .ToList();
    }
}
