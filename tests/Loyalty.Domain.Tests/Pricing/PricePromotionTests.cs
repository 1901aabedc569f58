using Loyalty.Domain.Pricing;

namespace Loyalty.Domain.Tests.Pricing;

/// <summary>Price promotions, member prices, the price floor and the stacking policy (issue 13 item 7), by hand.</summary>
public class PricePromotionTests
{
    private static readonly ProgramSettings Stacking = ProgramSettings.Default with { PromotionsStackWithMemberDiscount = true };

    [Fact]
    public void A_percentage_promotion_replaces_the_smaller_member_discount_on_its_lines_only()
    {
        // Regular 5%. Dairy 100.00: promotion 20.00 beats 5.00, net 80.00. Grocery 50.00: 2.50 off, net 47.50.
        // Due 150 − 2.50 − 20.00 = 127.50; points 80 + 47.5 = 127.5 → 127.
        var r = Basket.For("regular").Line(1, 100.00m, "dairy").Line(1, 50.00m)
            .PricePromotion("DAIRY20", rate: 0.20m, categories: ["dairy"]).Price();

        Assert.Equal(2.50m, r.MemberDiscount);
        Assert.Equal(20.00m, r.PromotionDiscount);
        Assert.Equal(127.50m, r.AmountDue);
        Assert.Equal(127, r.PointsEarned);
        Assert.Equal([80.00m, 47.50m], r.Lines.Select(l => l.Net));
        Assert.Equal(["DAIRY20", null], r.Lines.Select(l => l.PriceOffer));
        Assert.Null(r.AppliedPromotionId);
    }

    [Fact]
    public void Stacked_the_offer_comes_off_first_and_the_member_rate_applies_to_the_rest()
    {
        // 100.00 − 20.00 = 80.00; 5% of 80.00 = 4.00; net 76.00.
        var r = Basket.For("regular").Under(Stacking).Line(1, 100.00m, "dairy")
            .PricePromotion("DAIRY20", rate: 0.20m, categories: ["dairy"]).Price();

        Assert.Equal(4.00m, r.MemberDiscount);
        Assert.Equal(20.00m, r.PromotionDiscount);
        Assert.Equal(76.00m, r.AmountDue);
        Assert.Equal(76, r.PointsEarned);
    }

    [Fact]
    public void An_amount_off_per_unit_smaller_than_the_member_discount_is_not_taken_and_never_exceeds_the_line()
    {
        // Gold 15% on 2 × 10.00 = 3.00 beats 2 × 1.00 = 2.00: member discount, net 17.00, 17 × 2 = 34 points.
        var r = Basket.For("gold").Line(2, 10.00m).PricePromotion("ONE-OFF", amountOff: 1.00m).Price();
        Assert.Equal(3.00m, r.MemberDiscount);
        Assert.Equal(0m, r.PromotionDiscount);
        Assert.Equal(34, r.PointsEarned);
        Assert.Null(r.Lines[0].PriceOffer);

        // 1.00 off a 0.50 item takes 0.50 (not 1.00); 5% would be 0.03 (0.025 rounds away from zero).
        var cheap = Basket.For("regular").Line(1, 0.50m).PricePromotion("ONE-OFF", amountOff: 1.00m).Price();
        Assert.Equal(0.50m, cheap.PromotionDiscount);
        Assert.Equal(0m, cheap.AmountDue);
    }

    [Fact]
    public void The_floor_caps_stacked_discounts_cutting_the_member_discount_first()
    {
        // Floor 95%: at most 5.00 off 100.00. Stacked 20.00 + 4.00 → member 0, offer 5.00.
        var stacked = Basket.For("regular").Under(Stacking with { PriceFloorRate = 0.95m }).Line(1, 100.00m, "dairy")
            .PricePromotion("DAIRY20", rate: 0.20m, categories: ["dairy"]).Price();
        Assert.Equal(0m, stacked.MemberDiscount);
        Assert.Equal(5.00m, stacked.PromotionDiscount);
        Assert.Equal(95.00m, stacked.AmountDue);

        // Gold 15.00 off 100.00 is cut to 5.00: 95 × 2 = 190 points.
        var gold = Basket.For("gold").Under(ProgramSettings.Default with { PriceFloorRate = 0.95m }).Line(1, 100.00m).Price();
        Assert.Equal(5.00m, gold.MemberDiscount);
        Assert.Equal(95.00m, gold.AmountDue);
        Assert.Equal(190, gold.PointsEarned);
    }

    [Fact]
    public void A_member_price_for_the_sku_wins_over_its_category_rate_and_only_for_its_tier()
    {
        // Gold: SKU1 3 × 10.00 = 30.00 at 3 × 8.00 = 24.00 → 6.00 off (beats 15% = 4.50; the 25% dairy rate is not used).
        // SKU2 20.00 dairy: 25% = 5.00 beats 3.00. Due 50 − 11 = 39.00; (24 + 15) × 2 = 78 points.
        Basket Prices(string tier) => Basket.For(tier).Line(3, 10.00m, "dairy").Line(1, 20.00m, "dairy")
            .MemberPrice("gold", sku: "SKU1", unitPrice: 8.00m).MemberPrice("gold", category: "dairy", rate: 0.25m);
        var gold = Prices("gold").Price();
        Assert.Equal(0m, gold.MemberDiscount);
        Assert.Equal(11.00m, gold.PromotionDiscount);
        Assert.Equal(39.00m, gold.AmountDue);
        Assert.Equal(78, gold.PointsEarned);
        Assert.All(gold.Lines, l => Assert.Equal(CheckoutPricer.MemberPriceOffer, l.PriceOffer));

        // Silver has no entries: 10% of 30.00 and of 20.00.
        var silver = Prices("silver").Price();
        Assert.Equal(5.00m, silver.MemberDiscount);
        Assert.Equal(0m, silver.PromotionDiscount);
    }

    [Fact]
    public void Corporate_members_get_price_promotions_but_not_member_prices()
    {
        // Corporate 10% of 30.00 = 3.00; the gold member price (6.00 off) is not theirs.
        var noPromotion = Basket.For("gold").AsCorporate().Line(3, 10.00m).MemberPrice("gold", sku: "SKU1", unitPrice: 8.00m).Price();
        Assert.Equal(3.00m, noPromotion.MemberDiscount);
        Assert.Equal(0m, noPromotion.PromotionDiscount);

        // A store-wide 20% (6.00) beats 3.00; corporate members earn no points.
        var promoted = Basket.For("gold").AsCorporate().Line(3, 10.00m).PricePromotion("ALL20", rate: 0.20m).Price();
        Assert.Equal(6.00m, promoted.PromotionDiscount);
        Assert.Equal(24.00m, promoted.AmountDue);
        Assert.Equal(0, promoted.PointsEarned);
    }

    [Fact]
    public void A_points_multiplier_is_weighed_against_the_whole_money_discount_of_the_line()
    {
        // Regular 100.00: 2× alone would win (105 extra points = 10.50 > 5.00). With a 20% offer the money is 20.00:
        // 80 points vs 200 points, 120 extra points = 12.00 < 20.00, so the price offer stays.
        var r = Basket.For("regular").Line(1, 100.00m).Promotion("P2X", 2m).PricePromotion("ALL20", rate: 0.20m).Price();

        Assert.Equal(20.00m, r.PromotionDiscount);
        Assert.Equal(80, r.PointsEarned);
        Assert.Null(r.Lines[0].PromotionId);
        Assert.Equal("ALL20", r.Lines[0].PriceOffer);
    }

    [Fact]
    public void A_coupon_or_points_payment_that_does_not_stack_takes_the_member_discount_away()
    {
        // Coupon 10.00 on 100.00 without the 5%: due 90.00, 90 points.
        var coupon = Basket.For("regular").Under(ProgramSettings.Default with { CouponsStackWithMemberDiscount = false })
            .Line(1, 100.00m).Coupon(10m).Price();
        Assert.Equal(0m, coupon.MemberDiscount);
        Assert.Equal(90.00m, coupon.AmountDue);
        Assert.Equal(90, coupon.PointsEarned);

        // 100 points = 10.00 on 100.00 without the 5%: due 90.00, earns on 90.00.
        var points = Basket.For("regular").Under(ProgramSettings.Default with { PointsPaymentStacksWithMemberDiscount = false })
            .Line(1, 100.00m).Redeem(100).Price();
        Assert.Equal(0m, points.MemberDiscount);
        Assert.Equal(90.00m, points.AmountDue);
        Assert.Equal(90, points.PointsEarned);

        // By default both stack: 5.00 off, then 10.00 of points: due 85.00.
        Assert.Equal(85.00m, Basket.For("regular").Line(1, 100.00m).Redeem(100).Price().AmountDue);
    }

    [Fact]
    public void No_stacking_allows_one_benefit_per_checkout()
    {
        var none = ProgramSettings.Default with { NoStacking = true, PromotionsStackWithMemberDiscount = true };

        // Without coupon or points the line gets the better of 5.00 and 20.00 (the stacking switch is overridden).
        var offer = Basket.For("regular").Under(none).Line(1, 100.00m).PricePromotion("ALL20", rate: 0.20m).Price();
        Assert.Equal(0m, offer.MemberDiscount);
        Assert.Equal(20.00m, offer.PromotionDiscount);

        // A coupon replaces every line discount: 100.00 − 10.00.
        var coupon = Basket.For("regular").Under(none).Line(1, 100.00m).PricePromotion("ALL20", rate: 0.20m).Coupon(10m).Price();
        Assert.Equal(0m, coupon.MemberDiscount);
        Assert.Equal(0m, coupon.PromotionDiscount);
        Assert.Equal(90.00m, coupon.AmountDue);

        Assert.Equal(DomainException.StackingForbidden,
            Failing.Code(() => Basket.For("regular").Under(none).Line(1, 100.00m).Coupon(10m).Redeem(100).Price()));
    }
}
