namespace Loyalty.Domain.Coupons;

/// <summary>Coupon kinds (优惠券, domain.md §7).</summary>
public static class CouponKinds
{
    /// <summary>A fixed amount off when the amount reaches the minimum spend.</summary>
    public const string AmountOff = "amountOff";

    /// <summary>A percentage off the amount.</summary>
    public const string PercentOff = "percentOff";

    public static bool IsKnown(string? kind) => kind is AmountOff or PercentOff;
}
