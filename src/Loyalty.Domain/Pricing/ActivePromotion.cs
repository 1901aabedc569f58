namespace Loyalty.Domain.Pricing;

/// <summary>A points-multiplier promotion already known to be running in this store now.</summary>
/// <param name="Categories">Categories the promotion covers (case-insensitive); null = every category.</param>
public sealed record ActivePromotion(string PromotionId, decimal PointsMultiplier, IReadOnlyList<string>? Categories)
{
    /// <summary>Whether a line of this category is on the promotion.</summary>
    public bool Covers(string category) =>
        Categories is null || Categories.Any(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));
}
