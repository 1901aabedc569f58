namespace Loyalty.Domain.Pricing;

/// <summary>A promotion already known to be running in this store now: a points multiplier or a price discount.</summary>
/// <param name="Categories">Categories the promotion covers (case-insensitive); null = every category.</param>
/// <param name="Skus">SKUs the promotion covers (exact); null = every SKU.</param>
/// <param name="DiscountRate">Price promotion: this share of the line's list amount off (0 = none).</param>
/// <param name="AmountOff">Price promotion: this much off each unit, at most the line's amount (0 = none).</param>
public sealed record ActivePromotion(string PromotionId, decimal PointsMultiplier, IReadOnlyList<string>? Categories,
    IReadOnlyList<string>? Skus = null, decimal DiscountRate = 0m, decimal AmountOff = 0m)
{
    /// <summary>Whether a line of this category is on the promotion.</summary>
    public bool Covers(string category) =>
        Categories is null || Categories.Any(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether this line (SKU and category) is on the promotion.</summary>
    public bool Covers(string sku, string category) =>
        Covers(category) && (Skus is null || Skus.Contains(sku, StringComparer.Ordinal));

    /// <summary>Whether the promotion takes money off the price (rather than multiplying points).</summary>
    public bool IsPriceDiscount => DiscountRate > 0m || AmountOff > 0m;

    /// <summary>Money this promotion takes off a line of <paramref name="quantity"/> units worth <paramref name="gross"/>.</summary>
    public decimal PriceDiscount(decimal quantity, decimal gross) =>
        DiscountRate > 0m ? Money.Round(gross * DiscountRate)
        : AmountOff > 0m ? Math.Min(gross, Money.Round(quantity * AmountOff))
        : 0m;
}
