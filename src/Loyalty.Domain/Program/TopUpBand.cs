namespace Loyalty.Domain;

/// <summary>A stored-value top-up of at least <see cref="MinAmount"/> earns <see cref="BonusRate"/> of it as bonus money.</summary>
/// <param name="Tier">The member tier the band is for; null = members of tiers that have no bands of their own.</param>
/// <param name="CouponTemplateId">A coupon template issued to the member with a top-up in this band (a voucher as bonus); null = none.</param>
public sealed record TopUpBand(decimal MinAmount, decimal BonusRate, string? Tier = null, string? CouponTemplateId = null);
