namespace Loyalty.Domain.Points;

/// <summary>A batch of earned points that expires together; spending takes the soonest-expiring lots first.</summary>
/// <remarks>Stored in grain state JSON: the property names are part of the stored format.</remarks>
public sealed class PointsLot
{
    public DateOnly EarnedOn { get; set; }

    /// <summary>The first day the lot is no longer spendable; null when points never expire.</summary>
    public DateOnly? ExpiresOn { get; set; }

    public long Remaining { get; set; }

    /// <summary>In a household pool: the member who earned the points (attribution).</summary>
    public string? EarnedBy { get; set; }
}
