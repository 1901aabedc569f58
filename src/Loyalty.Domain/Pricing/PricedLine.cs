namespace Loyalty.Domain.Pricing;

/// <summary>One priced basket line; the lines' <see cref="PointsEarned"/> sum exactly to the checkout's points.</summary>
/// <param name="Gross">round(quantity × unit price, 2).</param>
/// <param name="Discount">Member, birthday or corporate discount on this line.</param>
/// <param name="Net">Gross − discount − promotion discount; the weight used to share coupon and points value over lines (and refunds).</param>
/// <param name="Eligible">Whether the line earns points (not special price, not an excluded category, not corporate).</param>
/// <param name="PromotionId">The promotion whose multiplier applied to this line, or null.</param>
/// <param name="PromotionDiscount">Money off from the line's price offer (member price or price promotion).</param>
/// <param name="PriceOffer">The price offer applied: a price promotion's id or <c>member-price</c>; null = none.</param>
public sealed record PricedLine(
    string Sku,
    decimal Quantity,
    decimal UnitPrice,
    decimal Gross,
    decimal Discount,
    decimal Net,
    long PointsEarned,
    bool Eligible,
    string? PromotionId,
    decimal PromotionDiscount = 0m,
    string? PriceOffer = null);
