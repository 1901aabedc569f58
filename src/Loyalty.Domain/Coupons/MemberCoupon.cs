namespace Loyalty.Domain.Coupons;

/// <summary>A coupon in a member's purse (优惠券): used at most once.</summary>
/// <remarks>Stored in grain state JSON: the property names are part of the stored format.</remarks>
public sealed class MemberCoupon
{
    public string Code { get; set; } = "";

    public string TemplateId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><see cref="CouponKinds.AmountOff"/> (with a minimum spend) or <see cref="CouponKinds.PercentOff"/>.</summary>
    public string Kind { get; set; } = CouponKinds.AmountOff;

    public decimal Amount { get; set; }

    /// <summary>Percent off, in percent (10 = 10% off).</summary>
    public decimal Percent { get; set; }

    public decimal MinSpend { get; set; }

    public DateOnly ValidFrom { get; set; }

    /// <summary>The last day the coupon can be used (inclusive).</summary>
    public DateOnly ValidTo { get; set; }

    /// <summary>Why it was issued: welcome, birthday, manual, gift.</summary>
    public string Source { get; set; } = "";

    public string? UsedByCheckoutId { get; set; }
}
