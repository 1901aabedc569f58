namespace Loyalty.Domain.Points;

/// <summary>
/// Points usable only in the issuing store (<see cref="ProgramSettings.PointsIssuingStoreOnly"/>): a member's points
/// pay only at the member's home store (where the card was issued); a member without a home store belongs to the
/// chain and redeems anywhere.
/// </summary>
public static class RedemptionStore
{
    public const string Refused = "points_store_only";

    /// <exception cref="DomainException"><c>points_store_only</c> when points would pay at another store.</exception>
    public static void Check(ProgramSettings program, string? homeStoreId, string? storeId, long points)
    {
        if (program.PointsIssuingStoreOnly && points > 0 && homeStoreId is not null && storeId != homeStoreId)
        {
            throw new DomainException(Refused, $"This member's points are redeemed only at the issuing store {homeStoreId}.");
        }
    }
}
