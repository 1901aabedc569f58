namespace Loyalty.Domain.Tests.Pricing;

public class RedemptionTests
{
    [Fact]
    public void Points_may_pay_exactly_half_of_the_amount_after_discounts_and_coupon()
    {
        // Regular 200.00: discount 10.00 → 190.00; coupon 10.00 → 180.00; cap 50% = 90.00.
        // 900 points = 9 × 10.00 = 90.00: allowed. Due 180.00 − 90.00 = 90.00.
        // Points: coupon share 10.00 and points share 90.00 on the only line → (190 − 10 − 90) × 1 = 90.
        var r = Basket.For("regular").Line(1, 200.00m).Coupon(10.00m).Redeem(900).Price();

        Assert.Equal(10.00m, r.CouponDiscount);
        Assert.Equal(900, r.PointsRedeemed);
        Assert.Equal(90.00m, r.PointsRedeemedValue);
        Assert.Equal(90.00m, r.AmountDue);
        Assert.Equal(90.00m, r.QualifyingSpend);
        Assert.Equal(90, r.PointsEarned);
    }

    [Fact]
    public void One_redemption_step_above_half_is_refused()
    {
        // Same basket, 1000 points = 100.00 > cap 90.00.
        var code = Failing.Code(() => Basket.For("regular").Line(1, 200.00m).Coupon(10.00m).Redeem(1000).Price());

        Assert.Equal("points_cap_exceeded", code);
    }

    [Fact]
    public void Points_not_in_redemption_steps_are_refused()
    {
        var code = Failing.Code(() => Basket.For("regular").Line(1, 200.00m).Redeem(150).Price());

        Assert.Equal("points_step", code);
    }

    [Fact]
    public void Coupon_and_points_are_shared_over_all_lines_so_an_excluded_line_does_not_reduce_the_others_points()
    {
        // Regular: grocery 100.00 − 5.00 = net 95.00; tobacco 50.00 net 50.00. Nets total 145.00.
        // After discounts 145.00; coupon 14.50 → 130.50; 500 points = 50.00 (cap 65.25). Due 80.50.
        // Coupon shares: 14.50 × 95/145 = 9.50 and 14.50 × 50/145 = 5.00.
        // Points shares: 50 × 95/145 = 32.7586 → 32.76 and 50 × 50/145 = 17.2414 → 17.24 (sum 50.00).
        // Grocery earns floor(95.00 − 9.50 − 32.76 = 52.74) = 52 (not 95 − 14.50 − 50 = 30.5).
        var r = Basket.For("regular").Line(1, 100.00m).Tobacco(1, 50.00m).Coupon(14.50m).Redeem(500).Price();

        Assert.Equal(150.00m, r.Subtotal);
        Assert.Equal(5.00m, r.MemberDiscount);
        Assert.Equal(14.50m, r.CouponDiscount);
        Assert.Equal(50.00m, r.PointsRedeemedValue);
        Assert.Equal(80.50m, r.AmountDue);
        Assert.Equal(80.50m, r.QualifyingSpend);
        Assert.Equal(52, r.PointsEarned);
        Assert.Equal([52L, 0L], r.Lines.Select(l => l.PointsEarned));
    }

    [Fact]
    public void Stored_value_counts_as_money_and_does_not_reduce_points()
    {
        // Regular 100.00 → 95.00; 50.00 from the card, 45.00 cash; earns 95 and qualifies 95.00.
        var r = Basket.For("regular").Line(1, 100.00m).StoredValue(50.00m).Price();

        Assert.Equal(50.00m, r.StoredValueCharged);
        Assert.Equal(45.00m, r.AmountDue);
        Assert.Equal(95, r.PointsEarned);
        Assert.Equal(95.00m, r.QualifyingSpend);
    }

    [Fact]
    public void Stored_value_may_pay_everything_but_not_more()
    {
        var all = Basket.For("regular").Line(1, 100.00m).StoredValue(95.00m).Price();
        Assert.Equal(0m, all.AmountDue);

        var code = Failing.Code(() => Basket.For("regular").Line(1, 100.00m).StoredValue(95.01m).Price());
        Assert.Equal("stored_value_exceeds_due", code);
    }

    [Fact]
    public void Stored_value_cannot_exceed_what_is_left_after_points()
    {
        // 95.00 after discount, 400 points = 40.00, so at most 55.00 from the card.
        var code = Failing.Code(() => Basket.For("regular").Line(1, 100.00m).Redeem(400).StoredValue(55.01m).Price());

        Assert.Equal("stored_value_exceeds_due", code);
    }

    [Fact]
    public void Coupon_larger_than_the_basket_is_capped_at_the_amount_after_discounts()
    {
        // 20.00 − 5% = 19.00; a 50.00 coupon takes 19.00; nothing left to pay or earn.
        var r = Basket.For("regular").Line(1, 20.00m).Coupon(50.00m).Price();

        Assert.Equal(19.00m, r.CouponDiscount);
        Assert.Equal(0m, r.AmountDue);
        Assert.Equal(0, r.PointsEarned);
        Assert.Equal(0m, r.QualifyingSpend);
    }
}
