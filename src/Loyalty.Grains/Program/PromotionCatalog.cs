using Loyalty.Domain.Pricing;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Program;

/// <summary>
/// The promotions as the checkout sees them: an in-memory copy of the promotion catalogue grain, loaded at start-up
/// and replaced after every change, so a checkout asks synchronously and never waits on another grain.
/// </summary>
public interface IPromotionCatalog
{
    /// <summary>Promotions running in <paramref name="storeId"/> at <paramref name="at"/> (starts ≤ at &lt; ends), strongest first.</summary>
    IReadOnlyList<ActivePromotion> ActiveFor(string storeId, DateTimeOffset at);

    /// <summary>A promotion's definition (e.g. its <c>PointsBudget</c>), or null when there is none with this id.</summary>
    PromotionDefinition? Find(string promotionId);

    IReadOnlyList<PromotionRecord> All { get; }

    /// <summary>The member price list in force (every tier's entries).</summary>
    IReadOnlyList<MemberPriceEntry> MemberPrices { get; }
}

/// <summary>Holds the promotions in memory; replaced as a whole (an immutable snapshot), so readers need no lock.</summary>
public sealed class PromotionCatalog : IPromotionCatalog
{
    private Snapshot _snapshot = new([], new Dictionary<string, PromotionDefinition>(StringComparer.Ordinal), []);

    private sealed record Snapshot(IReadOnlyList<PromotionRecord> All, IReadOnlyDictionary<string, PromotionDefinition> ById,
        IReadOnlyList<MemberPriceEntry> MemberPrices);

    public IReadOnlyList<PromotionRecord> All => Volatile.Read(ref _snapshot).All;

    public IReadOnlyList<MemberPriceEntry> MemberPrices => Volatile.Read(ref _snapshot).MemberPrices;

    public PromotionDefinition? Find(string promotionId) =>
        Volatile.Read(ref _snapshot).ById.GetValueOrDefault(promotionId);

    public IReadOnlyList<ActivePromotion> ActiveFor(string storeId, DateTimeOffset at)
    {
        List<ActivePromotion>? active = null;
        foreach (var record in Volatile.Read(ref _snapshot).All)
        {
            var p = record.Definition;
            if (p.StartsAt <= at && at < p.EndsAt && (p.StoreIds is null || p.StoreIds.Contains(storeId, StringComparer.Ordinal)))
            {
                (active ??= []).Add(new ActivePromotion(p.PromotionId, p.PointsMultiplier, p.Categories, p.Skus,
                    p.DiscountRate ?? 0m, p.AmountOff ?? 0m));
            }
        }
        if (active is null)
        {
            return [];
        }
        active.Sort((a, b) => b.PointsMultiplier.CompareTo(a.PointsMultiplier) is var c and not 0
            ? c : string.CompareOrdinal(a.PromotionId, b.PromotionId));
        return active;
    }

    public void Replace(IEnumerable<PromotionRecord> promotions, MemberPriceList? memberPrices = null)
    {
        var all = promotions.OrderBy(p => p.Definition.PromotionId, StringComparer.Ordinal).ToList();
        var prices = (memberPrices ?? MemberPriceList.Empty).Prices
            .Select(m => new MemberPriceEntry(m.Tier, m.Sku, m.Category, m.UnitPrice, m.DiscountRate)).ToList();
        Volatile.Write(ref _snapshot, new Snapshot(all,
            all.ToDictionary(p => p.Definition.PromotionId, p => p.Definition, StringComparer.Ordinal), prices));
    }
}
