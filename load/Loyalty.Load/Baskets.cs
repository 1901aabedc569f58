namespace Loyalty.Load;

/// <summary>
/// Realistic baskets: 1–8 lines, mostly groceries, some weighed items (3-decimal quantities), some special-price
/// lines (no member discount) and some tobacco (excluded from discounts and points).
/// </summary>
public static class Baskets
{
    private static readonly (string Category, int Weight, decimal MinPrice, decimal MaxPrice)[] Categories =
    [
        ("grocery", 35, 1.5m, 45m),
        ("fresh", 15, 3m, 80m),
        ("dairy", 12, 2m, 30m),
        ("beverage", 12, 2m, 60m),
        ("household", 10, 5m, 150m),
        ("personal-care", 8, 8m, 200m),
        ("electronics", 3, 50m, 1200m),
        ("tobacco", 5, 15m, 120m),
    ];

    private static readonly int TotalWeight = Categories.Sum(c => c.Weight);

    public static List<LineBody> Next(Random rng)
    {
        var count = 1 + (int)Math.Min(7, Math.Floor(-Math.Log(1 - rng.NextDouble()) * 2.2));
        var lines = new List<LineBody>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = rng.Next(TotalWeight);
            var category = Categories[0];
            foreach (var c in Categories)
            {
                if (pick < c.Weight)
                {
                    category = c;
                    break;
                }
                pick -= c.Weight;
            }
            var price = decimal.Round(category.MinPrice + (decimal)rng.NextDouble() * (category.MaxPrice - category.MinPrice), 2);
            var weighed = category.Category == "fresh" && rng.Next(2) == 0;
            var quantity = weighed ? decimal.Round(0.25m + (decimal)rng.NextDouble() * 2m, 3) : 1 + (rng.Next(10) == 0 ? rng.Next(1, 4) : 0);
            var special = category.Category != "tobacco" && rng.Next(10) == 0;
            lines.Add(new LineBody($"{category.Category[..3].ToUpperInvariant()}{rng.Next(1, 5000):D5}", category.Category, quantity, price,
                special ? true : null));
        }
        return lines;
    }
}
