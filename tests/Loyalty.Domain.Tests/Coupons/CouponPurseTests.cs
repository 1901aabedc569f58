using Loyalty.Domain.Coupons;

namespace Loyalty.Domain.Tests.Coupons;

public class CouponPurseTests
{
    private static readonly DateOnly Today = new(2025, 5, 10);

    private static MemberCoupon AmountOff(string code, decimal amount, decimal minSpend) => new()
    {
        Code = code, Kind = CouponKinds.AmountOff, Amount = amount, MinSpend = minSpend,
        ValidFrom = new DateOnly(2025, 5, 1), ValidTo = new DateOnly(2025, 5, 31),
    };

    private static MemberCoupon PercentOff(string code, decimal percent) => new()
    {
        Code = code, Kind = CouponKinds.PercentOff, Percent = percent,
        ValidFrom = new DateOnly(2025, 5, 1), ValidTo = new DateOnly(2025, 5, 31),
    };

    private static string Refusal(Action action) => Failing.Code(action);

    [Fact]
    public void An_amount_off_coupon_needs_its_minimum_spend_and_never_exceeds_the_amount()
    {
        var purse = new CouponPurse();
        purse.Issue(AmountOff("A30", 30m, 100m), Today);

        Assert.Equal(new CouponDiscount("A30", 30m), purse.Discount("a30", Today, 100m)); // code ignores case
        Assert.Equal(CouponPurse.CouponInvalid, Refusal(() => purse.Discount("A30", Today, 99.99m)));

        var small = new CouponPurse();
        small.Issue(AmountOff("A50", 50m, 0m), Today);
        Assert.Equal(20m, small.Discount("A50", Today, 20m).Discount);
    }

    [Fact]
    public void A_percent_coupon_rounds_its_discount_to_cents()
    {
        var purse = new CouponPurse();
        purse.Issue(PercentOff("P15", 15m), Today);

        // 15% of 33.30 = 4.995 → 5.00 (half away from zero).
        Assert.Equal(5.00m, purse.Discount("P15", Today, 33.30m).Discount);
    }

    [Fact]
    public void A_coupon_is_valid_only_inside_its_window_and_only_once()
    {
        var purse = new CouponPurse();
        purse.Issue(AmountOff("A10", 10m, 0m), Today);

        Assert.Equal(CouponPurse.CouponInvalid, Refusal(() => purse.Discount("A10", new DateOnly(2025, 4, 30), 50m)));
        Assert.Equal(10m, purse.Discount("A10", new DateOnly(2025, 5, 31), 50m).Discount);
        Assert.Equal(CouponPurse.CouponInvalid, Refusal(() => purse.Discount("A10", new DateOnly(2025, 6, 1), 50m)));

        purse.Use("A10", "checkout-1");
        Assert.Equal(CouponPurse.CouponInvalid, Refusal(() => purse.Discount("A10", Today, 50m)));
        Assert.Empty(purse.List(includeUsed: false));
        Assert.Equal("checkout-1", Assert.Single(purse.List(includeUsed: true)).UsedByCheckoutId);
    }

    [Fact]
    public void An_unknown_code_is_refused()
    {
        Assert.Equal(CouponPurse.CouponInvalid, Refusal(() => new CouponPurse().Discount("NOPE", Today, 50m)));
    }

    [Fact]
    public void Issuing_a_code_twice_is_a_repeat_and_coupons_a_year_past_their_end_are_pruned()
    {
        var purse = new CouponPurse();
        var old = AmountOff("OLD", 5m, 0m);
        old.ValidTo = new DateOnly(2024, 5, 9);
        purse.Coupons.Add(old);

        Assert.True(purse.Issue(AmountOff("NEW", 5m, 0m), Today));
        Assert.False(purse.Issue(AmountOff("NEW", 99m, 0m), Today));

        var kept = Assert.Single(purse.Coupons);
        Assert.Equal(("NEW", 5m), (kept.Code, kept.Amount));
    }

    [Fact]
    public void Absorbing_another_purse_keeps_own_codes()
    {
        var purse = new CouponPurse();
        purse.Issue(AmountOff("SAME", 5m, 0m), Today);

        purse.Absorb([AmountOff("SAME", 50m, 0m), AmountOff("OTHER", 7m, 0m)]);

        Assert.Equal([("SAME", 5m), ("OTHER", 7m)], purse.Coupons.Select(c => (c.Code, c.Amount)));
    }
}
