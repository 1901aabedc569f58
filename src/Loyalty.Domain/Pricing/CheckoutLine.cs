namespace Loyalty.Domain.Pricing;

/// <summary>One basket line as scanned at the till; <see cref="Quantity"/> may be fractional for weighed goods.</summary>
/// <param name="SpecialPrice">特价: the price already is the offer, so the line gets no discount and earns no points.</param>
public sealed record CheckoutLine(string Sku, string Category, decimal Quantity, decimal UnitPrice, bool SpecialPrice);
