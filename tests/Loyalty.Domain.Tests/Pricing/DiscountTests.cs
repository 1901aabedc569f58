namespace Loyalty.Domain.Tests.Pricing;

public class DiscountTests
{
    [Fact]
    public void Gold_member_on_birthday_gets_birthday_rate_on_normal_lines_only()
    {
        // 2 × 50.00 normal + 30.00 special price + 25.00 tobacco = subtotal 155.00.
        // Birthday 20% (replaces gold's 15%) on the two normal lines: 10.00 + 10.00 = 20.00.
        // Due 155.00 − 20.00 = 135.00. Points: only normal lines earn: (40 + 40) × 2 = 160.
        var r = Basket.For("gold").OnBirthday()
            .Line(1, 50.00m).Line(1, 50.00m).Special(1, 30.00m).Tobacco(1, 25.00m)
            .Price();

        Assert.Equal(155.00m, r.Subtotal);
        Assert.Equal(20.00m, r.MemberDiscount);
        Assert.Equal(0m, r.PromotionDiscount);
        Assert.Equal(135.00m, r.AmountDue);
        Assert.Equal(160, r.PointsEarned);
        Assert.Equal(135.00m, r.QualifyingSpend);
        Assert.Equal([80L, 80L, 0L, 0L], r.Lines.Select(l => l.PointsEarned));
        Assert.Equal([true, true, false, false], r.Lines.Select(l => l.Eligible));
        Assert.Equal([10.00m, 10.00m, 0m, 0m], r.Lines.Select(l => l.Discount));
    }

    [Theory]
    // One 100.00 line: discount = 100 × rate, points = (100 − discount) × multiplier.
    [InlineData("regular", 5.00, 95.00, 95)]     // 5%, 1×
    [InlineData("silver", 10.00, 90.00, 135)]    // 10%, 1.5× → 135
    [InlineData("gold", 15.00, 85.00, 170)]      // 15%, 2×
    [InlineData("platinum", 20.00, 80.00, 240)]  // 20%, 3×
    [InlineData("diamond", 20.00, 80.00, 400)]   // 20%, 5×
    public void Each_tier_gets_its_member_discount_and_points_multiplier(string tier, decimal discount, decimal due, long points)
    {
        var r = Basket.For(tier).Line(1, 100.00m).Price();

        Assert.Equal(100.00m, r.Subtotal);
        Assert.Equal(discount, r.MemberDiscount);
        Assert.Equal(due, r.AmountDue);
        Assert.Equal(points, r.PointsEarned);
    }

    [Theory]
    // Birthday rate replaces the member rate; the points multiplier stays the tier's.
    [InlineData("regular", 10.00, 90)]    // 10%, 90 × 1
    [InlineData("silver", 15.00, 127)]    // 15%, floor(85 × 1.5 = 127.5)
    [InlineData("platinum", 30.00, 210)]  // 30%, 70 × 3
    [InlineData("diamond", 30.00, 350)]   // 30%, 70 × 5
    public void Birthday_discount_replaces_the_member_discount(string tier, decimal discount, long points)
    {
        var r = Basket.For(tier).OnBirthday().Line(1, 100.00m).Price();

        Assert.Equal(discount, r.MemberDiscount);
        Assert.Equal(points, r.PointsEarned);
    }

    [Fact]
    public void Special_price_line_gets_no_discount_and_earns_nothing_but_counts_as_spend()
    {
        var r = Basket.For("platinum").Special(2, 15.00m).Price();

        Assert.Equal(30.00m, r.Subtotal);
        Assert.Equal(0m, r.MemberDiscount);
        Assert.Equal(30.00m, r.AmountDue);
        Assert.Equal(0, r.PointsEarned);
        Assert.Equal(30.00m, r.QualifyingSpend);
        Assert.False(r.Lines[0].Eligible);
    }

    [Fact]
    public void Excluded_category_matches_case_insensitively_and_gets_no_discount_nor_points()
    {
        // 100.00 grocery at 10% → 90 × 1.5 = 135 points; 40.00 "Tobacco" untouched.
        var r = Basket.For("silver").Line(1, 100.00m).Line(2, 20.00m, "Tobacco").Price();

        Assert.Equal(140.00m, r.Subtotal);
        Assert.Equal(10.00m, r.MemberDiscount);
        Assert.Equal(130.00m, r.AmountDue);
        Assert.Equal(135, r.PointsEarned);
        Assert.Equal(0m, r.Lines[1].Discount);
    }

    [Fact]
    public void Corporate_member_gets_the_corporate_rate_even_on_birthday_and_earns_no_points()
    {
        // Corporate 10% on the 100.00 line (not gold 15%, not birthday 20%); tobacco 20.00 undiscounted.
        var r = Basket.For("gold").AsCorporate().OnBirthday().Line(1, 100.00m).Tobacco(1, 20.00m).Price();

        Assert.Equal(120.00m, r.Subtotal);
        Assert.Equal(10.00m, r.MemberDiscount);
        Assert.Equal(110.00m, r.AmountDue);
        Assert.Equal(0, r.PointsEarned);
        Assert.Equal(110.00m, r.QualifyingSpend);
        Assert.All(r.Lines, l => Assert.False(l.Eligible));
    }

    [Fact]
    public void Weighed_goods_gross_is_rounded_to_cents_and_discount_rounds_half_away_from_zero()
    {
        // 0.355 kg × 12.99 = 4.61145 → 4.61. Regular 5%: 0.2305 → 0.23. Net 4.38 → 4 points.
        // 1 × 0.10 at 5% = 0.005 → 0.01 (half away from zero, not to even). Net 0.09.
        // Subtotal 4.71, discount 0.24, due 4.47.
        var r = Basket.For("regular").Line(0.355m, 12.99m).Line(1, 0.10m).Price();

        Assert.Equal(4.61m, r.Lines[0].Gross);
        Assert.Equal(0.23m, r.Lines[0].Discount);
        Assert.Equal(4.38m, r.Lines[0].Net);
        Assert.Equal(0.01m, r.Lines[1].Discount);
        Assert.Equal(4.71m, r.Subtotal);
        Assert.Equal(4.47m, r.AmountDue);
        Assert.Equal(4, r.PointsEarned); // floor(4.38 + 0.09)
    }

    [Fact]
    public void Unknown_tier_or_negative_inputs_are_validation_errors()
    {
        Assert.Equal("validation", Failing.Code(() => Basket.For("bronze").Line(1, 10m).Price()));
        Assert.Equal("validation", Failing.Code(() => Basket.For("regular").Line(0, 10m).Price()));
        Assert.Equal("validation", Failing.Code(() => Basket.For("regular").Line(1, -1m).Price()));
        Assert.Equal("validation", Failing.Code(() => Basket.For("regular").Line(1, 10m).Redeem(-100).Price()));
        Assert.Equal("validation", Failing.Code(() => Basket.For("regular").Line(1, 10m).Coupon(-1m).Price()));
        Assert.Equal("validation", Failing.Code(() => Basket.For("regular").Line(1, 10m).StoredValue(-1m).Price()));
    }
}
