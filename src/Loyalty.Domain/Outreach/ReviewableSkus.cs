namespace Loyalty.Domain.Outreach;

/// <summary>
/// SKUs a member bought and has not yet reviewed, with the day of the last purchase: with
/// <see cref="ProgramSettings.ReviewRequiresPurchase"/> a review earns only for one of them, once per purchase. Kept for
/// a year and at most <see cref="MaxKept"/> SKUs (the oldest purchases go first), so the state stays small.
/// </summary>
public sealed class ReviewableSkus
{
    public const int MaxKept = 200;
    public const string NotEligible = "review_not_eligible";

    public Dictionary<string, DateOnly> Skus { get; set; } = new(StringComparer.Ordinal);

    public void Bought(IEnumerable<string> skus, DateOnly today)
    {
        foreach (var sku in skus)
        {
            Skus[sku] = today;
        }
        foreach (var old in Skus.Where(s => s.Value < today.AddYears(-1)).Select(s => s.Key).ToList())
        {
            Skus.Remove(old);
        }
        foreach (var extra in Skus.OrderBy(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(Math.Max(0, Skus.Count - MaxKept))
                     .Select(s => s.Key).ToList())
        {
            Skus.Remove(extra);
        }
    }

    /// <summary>Refuses a review the program would not reward; changes nothing.</summary>
    /// <exception cref="DomainException"><c>validation</c> without a SKU, <c>review_not_eligible</c> for a SKU not bought or already reviewed.</exception>
    public void Check(ProgramSettings program, string? sku)
    {
        if (!program.ReviewRequiresPurchase)
        {
            return;
        }
        if (sku is null)
        {
            throw new DomainException(DomainException.Validation, "sku: a review names the SKU bought (reviewRequiresPurchase).");
        }
        if (!Skus.ContainsKey(sku))
        {
            throw new DomainException(NotEligible, $"The member has no purchase of '{sku}' in the last year that was not reviewed yet.");
        }
    }

    /// <summary>The review used up the purchase of this SKU; buying it again allows another.</summary>
    public void Reviewed(ProgramSettings program, string? sku)
    {
        if (program.ReviewRequiresPurchase && sku is not null)
        {
            Skus.Remove(sku);
        }
    }
}
