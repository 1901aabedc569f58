using Loyalty.Domain.Coupons;

namespace Loyalty.Domain.Pricing;

/// <summary>
/// Prices a member's checkout (domain.md §8): the member's terms decide the discount (tier, birthday, corporate
/// contract, or none once the membership expired), then a coupon from the member's purse applies to the amount after
/// member and promotion discounts, then points and stored value pay. Changes nothing: the coupon is only used when the
/// checkout is applied.
/// </summary>
public static class MemberPricing
{
    public static MemberPrice Price(ProgramSettings program, MemberPriceTerms terms, DateOnly today, IReadOnlyList<CheckoutLine> lines,
        IReadOnlyList<ActivePromotion> promotions, CouponPurse coupons, string? couponCode, long redeemPoints, decimal storedValue,
        IReadOnlyList<MemberPriceEntry>? memberPrices = null)
    {
        // An expired membership (validity) prices like a non-member: no member discount, no points.
        var member = terms.ValidUntil is not { } until || today < until;
        var corporate = terms.Corporate || !member;
        var pricingProgram = !member ? program with { CorporateDiscountRate = 0m, CorporatePointsAccount = false }
            : terms.ContractRate is { } rate ? program with { CorporateDiscountRate = rate }
            : program;
        CouponDiscount? coupon = null;
        if (couponCode is not null)
        {
            // Priced as the checkout will be, so the stacking policy takes away the same discounts. Points matter only
            // when they do not stack (any cap refusal here is one the final pricing makes too: its base is smaller).
            var pointsMatter = program.NoStacking || !program.PointsPaymentStacksWithMemberDiscount;
            var discounted = CheckoutPricer.Price(new PricingInput(pricingProgram, terms.Tier, terms.Birthday, corporate, lines,
                pointsMatter ? redeemPoints : 0, 0m, 0m, promotions, memberPrices, CouponPresented: true));
            coupon = coupons.Discount(couponCode, today, discounted.Subtotal - discounted.MemberDiscount - discounted.PromotionDiscount);
        }
        var priced = CheckoutPricer.Price(new PricingInput(pricingProgram, terms.Tier, terms.Birthday, corporate, lines,
            redeemPoints, coupon?.Discount ?? 0m, storedValue, promotions, memberPrices, CouponPresented: couponCode is not null));
        return new MemberPrice(priced, coupon);
    }

    /// <summary>
    /// The points a promotion's multiplier adds on its lines: on each, the part above what the line would earn without
    /// it (rounded down per line). A promotion with a points budget grants only this part while its budget lasts.
    /// </summary>
    public static long PromotionExtra(PricedCheckout priced, string promotionId, decimal multiplier) =>
        priced.Lines.Where(l => l.PromotionId == promotionId)
            .Sum(l => (long)decimal.Floor(l.PointsEarned * (multiplier - 1) / multiplier));

    /// <summary>
    /// Each line's points when the checkout earns fewer than priced (daily cap, exhausted promotion budget): the lines
    /// share <paramref name="earned"/> in proportion, rounded as at pricing; unchanged otherwise.
    /// </summary>
    public static IReadOnlyList<long> LinePoints(PricedCheckout priced, long earned)
    {
        var points = priced.Lines.Select(l => l.PointsEarned).ToList();
        if (earned < priced.PointsEarned && priced.PointsEarned > 0)
        {
            return PointsDistributor.Distribute(points.Select(p => (decimal)p * earned / priced.PointsEarned).ToList());
        }
        return points;
    }
}

/// <summary>What decides a member's prices.</summary>
/// <param name="ValidUntil">Membership validity end (exclusive); null = never expires.</param>
/// <param name="Corporate">A corporate member, card or account: the contract discount, and no points unless the program makes unit cards points accounts.</param>
/// <param name="ContractRate">A corporate account's own contract rate, instead of the program's.</param>
public sealed record MemberPriceTerms(string Tier, bool Birthday, DateOnly? ValidUntil, bool Corporate, decimal? ContractRate);

/// <summary>A priced member checkout and the coupon it would use (null = none).</summary>
public sealed record MemberPrice(PricedCheckout Priced, CouponDiscount? Coupon);
