namespace Loyalty.Domain.Pricing;

/// <summary>
/// One entry of the member price list (会员价): for members of <see cref="Tier"/>, a SKU's member unit price or a
/// category's member discount rate. A SKU entry wins over its category's entry.
/// </summary>
/// <param name="Sku">The SKU this entry prices (with <see cref="UnitPrice"/>); null for a category entry.</param>
/// <param name="Category">The category this entry discounts (with <see cref="DiscountRate"/>, case-insensitive); null for a SKU entry.</param>
public sealed record MemberPriceEntry(string Tier, string? Sku, string? Category, decimal? UnitPrice, decimal? DiscountRate)
{
    /// <summary>Money the member price takes off a line of <paramref name="quantity"/> units worth <paramref name="gross"/> (never negative).</summary>
    public decimal Discount(decimal quantity, decimal gross) =>
        UnitPrice is { } price ? Math.Max(0m, gross - Money.Round(quantity * price))
        : DiscountRate is { } rate ? Money.Round(gross * rate)
        : 0m;

    /// <summary>The entry for this tier and line: the SKU's entry, else the category's, else null.</summary>
    public static MemberPriceEntry? Find(IReadOnlyList<MemberPriceEntry>? entries, string tier, string sku, string category)
    {
        MemberPriceEntry? byCategory = null;
        foreach (var entry in entries ?? [])
        {
            if (!string.Equals(entry.Tier, tier, StringComparison.Ordinal))
            {
                continue;
            }
            if (entry.Sku is not null && string.Equals(entry.Sku, sku, StringComparison.Ordinal))
            {
                return entry;
            }
            if (byCategory is null && entry.Category is not null && string.Equals(entry.Category, category, StringComparison.OrdinalIgnoreCase))
            {
                byCategory = entry;
            }
        }
        return byCategory;
    }
}
