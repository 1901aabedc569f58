using Loyalty.Domain.Coupons;
using Loyalty.Domain.Pricing;

namespace Loyalty.Domain.Tests.Pricing;

/// <summary>A coupon's minimum spend is checked on the amount the stacking policy leaves (MemberPricing).</summary>
public class StackingCouponTests
{
    private static readonly DateOnly Today = new(2025, 5, 10);

    private static MemberPrice Price(ProgramSettings program, long redeemPoints)
    {
        var purse = new CouponPurse();
        purse.Issue(new MemberCoupon
        {
            Code = "TEN", Kind = CouponKinds.AmountOff, Amount = 10m, MinSpend = 100m,
            ValidFrom = new DateOnly(2025, 5, 1), ValidTo = new DateOnly(2025, 5, 31),
        }, Today);
        return MemberPricing.Price(program, new MemberPriceTerms("regular", false, null, false, null), Today,
            [new CheckoutLine("RICE", "grocery", 1m, 100m, false)], [], purse, "TEN", redeemPoints, 0m);
    }

    [Fact]
    public void Points_that_do_not_stack_leave_the_full_price_so_the_coupon_minimum_is_met()
    {
        // Points stack (default): 100 − 5% = 95.00 is below the coupon's minimum of 100.
        Assert.Equal(CouponPurse.CouponInvalid, Failing.Code(() => Price(ProgramSettings.Default, 100)));

        // Points do not stack: no member discount, 100.00 meets the minimum; coupon 10.00, then 100 points = 10.00: due 80.00.
        var priced = Price(ProgramSettings.Default with { PointsPaymentStacksWithMemberDiscount = false }, 100).Priced;
        Assert.Equal(0m, priced.MemberDiscount);
        Assert.Equal(10.00m, priced.CouponDiscount);
        Assert.Equal(80.00m, priced.AmountDue);
    }
}
