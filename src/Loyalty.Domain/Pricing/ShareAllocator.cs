namespace Loyalty.Domain.Pricing;

/// <summary>Splits a money amount over lines in proportion to their weights, to the cent, summing exactly.</summary>
public static class ShareAllocator
{
    /// <summary>
    /// Each share is round(amount × weight / total weight, 2); the rounding remainder goes to the
    /// line with the largest weight (the first one on a tie), where one cent matters least.
    /// </summary>
    public static decimal[] Allocate(decimal amount, IReadOnlyList<decimal> weights)
    {
        var shares = new decimal[weights.Count];
        var total = weights.Sum();
        if (amount == 0m || total <= 0m)
        {
            return shares;
        }

        var largest = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            shares[i] = Money.Round(amount * weights[i] / total);
            if (weights[i] > weights[largest])
            {
                largest = i;
            }
        }

        shares[largest] += amount - shares.Sum();
        return shares;
    }
}
