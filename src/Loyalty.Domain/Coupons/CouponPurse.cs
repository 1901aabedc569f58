namespace Loyalty.Domain.Coupons;

/// <summary>
/// A member's coupons (优惠券, domain.md §7): issued once per code, valid in a window of days, a minimum spend for
/// amount-off coupons, used at most once and one per checkout.
/// </summary>
public sealed class CouponPurse
{
    /// <summary>The error code of a coupon that cannot be used (the message says why).</summary>
    public const string CouponInvalid = "coupon_invalid";

    /// <summary>Used or expired coupons are kept this long after their last valid day, then pruned.</summary>
    private const int KeptYears = 1;

    public List<MemberCoupon> Coupons { get; set; } = [];

    /// <summary>The coupon with this code (exact match), or null.</summary>
    public MemberCoupon? Find(string code) => Coupons.Find(c => c.Code == code);

    /// <summary>
    /// Puts a coupon in the purse and prunes old ones; answers false (and changes nothing) when a coupon with this code
    /// is already there, so issuing the same code again is a repeat.
    /// </summary>
    public bool Issue(MemberCoupon coupon, DateOnly today)
    {
        if (Find(coupon.Code) is not null)
        {
            return false;
        }
        Coupons.Add(coupon);
        Coupons.RemoveAll(c => c.ValidTo < today.AddYears(-KeptYears));
        return true;
    }

    /// <summary>Coupons in issue order, optionally only those not used yet.</summary>
    public IEnumerable<MemberCoupon> List(bool includeUsed) => Coupons.Where(c => includeUsed || c.UsedByCheckoutId is null);

    /// <summary>
    /// The discount a coupon (code matched ignoring case) gives on the amount after member and promotion discounts,
    /// without using it. Percent-off is rounded to cents; amount-off never exceeds the amount.
    /// </summary>
    /// <exception cref="DomainException"><c>coupon_invalid</c>: unknown code, already used, outside its window, or below its minimum spend.</exception>
    public CouponDiscount Discount(string code, DateOnly today, decimal amountAfterDiscounts)
    {
        var coupon = Coupons.Find(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid("The member has no coupon with this code.");
        if (coupon.UsedByCheckoutId is not null)
        {
            throw Invalid("The coupon was already used.");
        }
        if (today < coupon.ValidFrom || today > coupon.ValidTo)
        {
            throw Invalid($"The coupon is valid from {coupon.ValidFrom:yyyy-MM-dd} to {coupon.ValidTo:yyyy-MM-dd}.");
        }
        if (amountAfterDiscounts < coupon.MinSpend)
        {
            throw Invalid($"The coupon needs a spend of at least {coupon.MinSpend:0.00}.");
        }
        var discount = coupon.Kind == CouponKinds.PercentOff
            ? Money.Round(amountAfterDiscounts * coupon.Percent / 100m)
            : Math.Min(coupon.Amount, amountAfterDiscounts);
        return new CouponDiscount(coupon.Code, discount);
    }

    /// <summary>Marks the coupon used by a checkout (after <see cref="Discount"/> accepted it).</summary>
    public void Use(string code, string checkoutId)
    {
        var coupon = Find(code) ?? throw Invalid("The member has no coupon with this code.");
        coupon.UsedByCheckoutId = checkoutId;
    }

    /// <summary>Takes over coupons from another purse (member merge); codes already here are kept as they are.</summary>
    public void Absorb(IEnumerable<MemberCoupon> coupons)
    {
        foreach (var coupon in coupons.Where(c => Coupons.All(own => own.Code != c.Code)))
        {
            Coupons.Add(coupon);
        }
    }

    private static DomainException Invalid(string reason) => new(CouponInvalid, reason);
}

/// <summary>The discount a coupon gives at checkout, by its stored code.</summary>
public readonly record struct CouponDiscount(string Code, decimal Discount);
