namespace Loyalty.Domain.Points;

/// <summary>Points earned but not yet spendable (the program's pending days).</summary>
/// <remarks>Stored in grain state JSON: the property names are part of the stored format.</remarks>
public sealed class PendingLot
{
    public DateOnly EarnedOn { get; set; }

    public DateOnly ReleaseOn { get; set; }

    public long Points { get; set; }

    /// <summary>The operation that earned them (a refund takes back that operation's pending points first).</summary>
    public string OperationId { get; set; } = "";

    /// <summary>In a household pool: the member who earned the points.</summary>
    public string? EarnedBy { get; set; }
}
