namespace Loyalty.Domain.Benefits;

/// <summary>One recorded use of a benefit: free within the quota, or with the fee charged beyond it.</summary>
public sealed class BenefitUse
{
    public string UseId { get; set; } = "";

    public string BenefitId { get; set; } = "";

    public DateOnly Day { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Free { get; set; }

    public decimal Fee { get; set; }

    public string? StoreId { get; set; }
}
