namespace Loyalty.Domain.Tests.Pricing;

public class PromotionTests
{
    [Fact]
    public void Double_points_beat_the_gold_discount_so_the_line_takes_the_promotion()
    {
        // Gold on 100.00: discount 15.00 and 85 × 2 = 170 points, or no discount and 100 × 2 × 2 = 400 points.
        // The 230 extra points are worth 23.00 at 100 points = 10 yuan, more than 15.00: the promotion wins.
        var r = Basket.For("gold").Line(1, 100.00m).Promotion("P2X", 2m).Price();

        Assert.Equal(0m, r.MemberDiscount);
        Assert.Equal(100.00m, r.AmountDue);
        Assert.Equal(400, r.PointsEarned);
        Assert.Equal("P2X", r.Lines[0].PromotionId);
        Assert.Equal("P2X", r.AppliedPromotionId);
    }

    [Fact]
    public void A_weak_promotion_loses_to_the_member_discount()
    {
        // Platinum on 100.00: discount 20.00 and 80 × 3 = 240 points, or 100 × 3 × 1.2 = 360 points:
        // 120 extra points are worth 12.00, less than 20.00: the line keeps the discount and no promotion.
        var r = Basket.For("platinum").Line(1, 100.00m).Promotion("P12", 1.2m).Price();

        Assert.Equal(20.00m, r.MemberDiscount);
        Assert.Equal(240, r.PointsEarned);
        Assert.Null(r.Lines[0].PromotionId);
        Assert.Null(r.AppliedPromotionId);
    }

    [Fact]
    public void Without_a_discount_the_strongest_promotion_applies_and_promotions_do_not_stack()
    {
        // Regular at 0%: dairy 10.00 gets the 3× dairy promotion (not 2 × 3), grocery 10.00 the 2× all-store one.
        // 10 × 3 + 10 × 2 = 50 points.
        var r = Basket.For("regular").Under(Programs.WithoutDiscount("regular"))
            .Line(1, 10.00m, "dairy").Line(1, 10.00m)
            .Promotion("ALL2X", 2m).Promotion("DAIRY3X", 3m, "dairy")
            .Price();

        Assert.Equal(0m, r.MemberDiscount);
        Assert.Equal(0m, r.PromotionDiscount);
        Assert.Equal(20.00m, r.AmountDue);
        Assert.Equal([30L, 20L], r.Lines.Select(l => l.PointsEarned));
        Assert.Equal(["DAIRY3X", "ALL2X"], r.Lines.Select(l => l.PromotionId));
        Assert.Equal("DAIRY3X", r.AppliedPromotionId);
    }

    [Fact]
    public void Promotion_multiplies_the_tier_multiplier()
    {
        // Silver at 0% (1.5×) with a 2× promotion: 10.00 × 1.5 × 2 = 30.
        var r = Basket.For("silver").Under(Programs.WithoutDiscount("silver"))
            .Line(1, 10.00m).Promotion("P2X", 2m).Price();

        Assert.Equal(30, r.PointsEarned);
    }

    [Fact]
    public void Promotion_does_not_reach_special_price_or_excluded_lines_or_other_categories()
    {
        var r = Basket.For("regular").Under(Programs.WithoutDiscount("regular"))
            .Special(1, 10.00m).Tobacco(1, 10.00m).Line(1, 10.00m, "bakery")
            .Promotion("DAIRY3X", 3m, "dairy").Promotion("ALL2X", 2m, "dairy", "tobacco")
            .Price();

        Assert.Equal(10, r.PointsEarned); // only bakery, at 1×
        Assert.All(r.Lines, l => Assert.Null(l.PromotionId));
        Assert.Null(r.AppliedPromotionId);
    }

    [Fact]
    public void Corporate_members_get_no_promotion_points()
    {
        var r = Basket.For("regular").Under(Programs.WithoutDiscount("regular") with { CorporateDiscountRate = 0m })
            .AsCorporate().Line(1, 10.00m).Promotion("P2X", 2m).Price();

        Assert.Equal(0, r.PointsEarned);
        Assert.Null(r.AppliedPromotionId);
    }
}
