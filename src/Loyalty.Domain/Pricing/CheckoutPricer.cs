namespace Loyalty.Domain.Pricing;

/// <summary>Prices a checkout: discounts, coupon, points as payment, stored value and points earned (domain.md §3, §8).</summary>
/// <remarks>
/// Steps, in this order:
/// <list type="number">
/// <item>Line gross = round(quantity × unit price, 2).</item>
/// <item>Discount rate = the tier's member rate; on the birthday the tier's birthday rate instead
/// (replaces, not added); for corporate members the program's corporate rate instead.
/// Special-price and excluded-category lines get no discount. Line discount = round(gross × rate, 2).</item>
/// <item>Stacking policy: a coupon (when <c>CouponsStackWithMemberDiscount</c> is off) or points as payment (when
/// <c>PointsPaymentStacksWithMemberDiscount</c> is off) makes the rate 0 for the whole checkout; with <c>NoStacking</c>
/// either one also removes every price offer, and both together are refused (<c>stacking_forbidden</c>).</item>
/// <item>Price offer: the larger of the member's member price (SKU entry, else category entry; not for corporate
/// members) and the strongest price promotion covering the line (first listed on a tie; the member price on a tie
/// with a promotion). Without <c>PromotionsStackWithMemberDiscount</c> the line gets the offer or the member discount,
/// whichever takes more off (the discount on a tie); with it, the offer comes off first and the rate applies to the
/// rest: discount = round((gross − offer) × rate, 2).</item>
/// <item>Floor: the line's discounts together never exceed gross − round(gross × <c>PriceFloorRate</c>, 2); the
/// member discount is cut first (it applies last), then the offer.</item>
/// <item>Promotion or discount (活动商品只可享受一种优惠方式): a line covered by a promotion gets either
/// the strongest promotion covering its category (highest multiplier, first listed on a tie;
/// multipliers ≤ 1 are ignored; promotions never stack) or the member discount, whichever is worth
/// more to the customer: the promotion when the extra points it gives, valued at the redemption rate
/// (100 points = 10 yuan by default), are worth more than the discount money (member discount and price
/// offer together); on a tie the discount (money now).</item>
/// <item>Coupon: the given amount, capped at the amount left after discounts.</item>
/// <item>Points as payment: a multiple of the redemption step (<c>points_step</c>), worth
/// points / PointsPerRedemptionUnit × RedemptionUnitValue, at most MaxRedemptionShare of the
/// amount after discounts and coupon (<c>points_cap_exceeded</c>; the exact share is allowed).</item>
/// <item>Stored value: at most what is still due (<c>stored_value_exceeds_due</c>).</item>
/// <item>Points earned: coupon and points value are each shared over all lines by net amount
/// (<see cref="ShareAllocator"/>); an eligible line earns (net − its shares) × PointsPerYuan ×
/// tier multiplier × promotion multiplier (when the promotion applies); the checkout earns the
/// floor of the sum, split over lines by <see cref="PointsDistributor"/>. Stored value is money
/// and reduces nothing.</item>
/// </list>
/// All money rounding is to 2 decimals, midpoint away from zero (the till convention: 0.005 → 0.01).
/// </remarks>
public static class CheckoutPricer
{
    /// <summary>The price offer name of a member price on a priced line.</summary>
    public const string MemberPriceOffer = "member-price";

    public static PricedCheckout Price(PricingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var p = input.Program;
        Validate(input);

        var couponUsed = input.CouponPresented || input.CouponDiscount > 0m;
        var pointsUsed = input.RedeemPoints > 0;
        if (p.NoStacking && couponUsed && pointsUsed)
        {
            throw new DomainException(DomainException.StackingForbidden,
                "The program allows one benefit per checkout: a coupon and points as payment cannot be used together.");
        }
        var dropMemberDiscount = (couponUsed && (p.NoStacking || !p.CouponsStackWithMemberDiscount))
            || (pointsUsed && (p.NoStacking || !p.PointsPaymentStacksWithMemberDiscount));
        var dropOffers = p.NoStacking && (couponUsed || pointsUsed);
        var stackOffers = p.PromotionsStackWithMemberDiscount && !p.NoStacking;

        var tier = p.Tier(input.TierId);
        var rate = dropMemberDiscount ? 0m
            : input.Corporate ? p.CorporateDiscountRate
            : input.IsBirthday ? tier.BirthdayDiscountRate
            : tier.MemberDiscountRate;

        var lines = input.Lines;
        var n = lines.Count;
        var gross = new decimal[n];
        var discount = new decimal[n];
        var offerDiscount = new decimal[n];
        var offerId = new string?[n];
        var net = new decimal[n];
        var eligible = new bool[n];
        var promotion = new ActivePromotion?[n];
        for (var i = 0; i < n; i++)
        {
            var line = lines[i];
            var discountable = !line.SpecialPrice && !p.IsExcludedCategory(line.Category);
            gross[i] = Money.Round(line.Quantity * line.UnitPrice);
            discount[i] = discountable ? Money.Round(gross[i] * rate) : 0m;
            if (discountable && !dropOffers && BestOffer(input, line, gross[i]) is { Amount: > 0m } offer)
            {
                if (stackOffers)
                {
                    (offerDiscount[i], offerId[i]) = (offer.Amount, offer.Id);
                    discount[i] = Money.Round((gross[i] - offer.Amount) * rate);
                }
                else if (offer.Amount > discount[i])
                {
                    (offerDiscount[i], offerId[i], discount[i]) = (offer.Amount, offer.Id, 0m);
                }
            }
            var mostOff = gross[i] - Money.Round(gross[i] * p.PriceFloorRate);
            if (discount[i] + offerDiscount[i] > mostOff)
            {
                discount[i] = Math.Max(0m, mostOff - offerDiscount[i]);
                offerDiscount[i] = Math.Min(offerDiscount[i], mostOff);
            }
            net[i] = gross[i] - discount[i] - offerDiscount[i];
            eligible[i] = discountable && (!input.Corporate || p.CorporatePointsAccount);
            if (eligible[i] && Strongest(input.Promotions, line) is { } promo
                && PromotionIsBetter(p, tier.PointsMultiplier, promo.PointsMultiplier, gross[i], discount[i] + offerDiscount[i]))
            {
                promotion[i] = promo;
                (discount[i], offerDiscount[i], offerId[i]) = (0m, 0m, null);
                net[i] = gross[i];
            }
        }

        var subtotal = gross.Sum();
        var memberDiscount = discount.Sum();
        var promotionDiscount = offerDiscount.Sum();
        var afterDiscounts = subtotal - memberDiscount - promotionDiscount;
        var coupon = Math.Min(input.CouponDiscount, afterDiscounts);
        var afterCoupon = afterDiscounts - coupon;

        var pointsValue = RedeemedValue(p, input.RedeemPoints, afterCoupon);
        var remaining = afterCoupon - pointsValue;
        if (input.StoredValueAmount > remaining)
        {
            throw new DomainException(
                DomainException.StoredValueExceedsDue,
                $"Stored value {input.StoredValueAmount:0.00} exceeds the amount due {remaining:0.00}.");
        }

        var amountDue = Math.Max(0m, remaining - input.StoredValueAmount);

        var couponShares = ShareAllocator.Allocate(coupon, net);
        var pointsShares = ShareAllocator.Allocate(pointsValue, net);
        var exact = new decimal[n];
        for (var i = 0; i < n; i++)
        {
            if (!eligible[i])
            {
                continue;
            }

            var earnBase = Math.Max(0m, net[i] - couponShares[i] - pointsShares[i]);
            var multiplier = tier.PointsMultiplier * (promotion[i]?.PointsMultiplier ?? 1m);
            exact[i] = earnBase * p.PointsPerYuan * multiplier;
        }

        var linePoints = PointsDistributor.Distribute(exact);
        var pricedLines = new PricedLine[n];
        for (var i = 0; i < n; i++)
        {
            var line = lines[i];
            pricedLines[i] = new PricedLine(
                line.Sku, line.Quantity, line.UnitPrice, gross[i], discount[i], net[i],
                linePoints[i], eligible[i], promotion[i]?.PromotionId, offerDiscount[i], offerId[i]);
        }

        return new PricedCheckout(
            Subtotal: subtotal,
            MemberDiscount: memberDiscount,
            PromotionDiscount: promotionDiscount,
            CouponDiscount: coupon,
            PointsRedeemed: input.RedeemPoints,
            PointsRedeemedValue: pointsValue,
            StoredValueCharged: input.StoredValueAmount,
            AmountDue: amountDue,
            PointsEarned: linePoints.Sum(),
            QualifyingSpend: afterCoupon - pointsValue,
            Lines: pricedLines,
            AppliedPromotionId: StrongestApplied(promotion));
    }

    /// <summary>Money value of points offered as payment, after checking the step and the cap.</summary>
    private static decimal RedeemedValue(ProgramSettings p, long points, decimal afterCoupon)
    {
        if (points == 0)
        {
            return 0m;
        }

        if (p.RedemptionStep > 0 && points % p.RedemptionStep != 0)
        {
            throw new DomainException(
                DomainException.PointsStep, $"Points must be redeemed in steps of {p.RedemptionStep}; got {points}.");
        }

        var value = Money.Round((decimal)points / p.PointsPerRedemptionUnit * p.RedemptionUnitValue);
        var cap = p.MaxRedemptionShare * afterCoupon;
        if (value > cap)
        {
            throw new DomainException(
                DomainException.PointsCapExceeded,
                $"Points worth {value:0.00} exceed the cap of {cap:0.00} ({p.MaxRedemptionShare:P0} of {afterCoupon:0.00}).");
        }

        return value;
    }

    /// <summary>True when the promotion's extra points, at their redemption value, beat the discount money.</summary>
    private static bool PromotionIsBetter(ProgramSettings p, decimal tierMultiplier, decimal promotionMultiplier, decimal gross, decimal discount)
    {
        var withDiscount = (gross - discount) * p.PointsPerYuan * tierMultiplier;
        var withPromotion = gross * p.PointsPerYuan * tierMultiplier * promotionMultiplier;
        var pointValue = p.PointsPerRedemptionUnit == 0 ? 0m : p.RedemptionUnitValue / p.PointsPerRedemptionUnit;
        return (withPromotion - withDiscount) * pointValue > discount;
    }

    /// <summary>The price offer worth most on this line: the member price or a price promotion; null when none covers it.</summary>
    private static (string Id, decimal Amount)? BestOffer(PricingInput input, CheckoutLine line, decimal gross)
    {
        (string Id, decimal Amount)? best = null;
        if (!input.Corporate && MemberPriceEntry.Find(input.MemberPrices, input.TierId, line.Sku, line.Category) is { } entry)
        {
            best = (MemberPriceOffer, entry.Discount(line.Quantity, gross));
        }
        foreach (var promo in input.Promotions ?? [])
        {
            if (promo.IsPriceDiscount && promo.Covers(line.Sku, line.Category)
                && promo.PriceDiscount(line.Quantity, gross) is var amount && (best is null || amount > best.Value.Amount))
            {
                best = (promo.PromotionId, amount);
            }
        }
        return best;
    }

    private static ActivePromotion? Strongest(IReadOnlyList<ActivePromotion>? promotions, CheckoutLine line)
    {
        ActivePromotion? best = null;
        foreach (var promo in promotions ?? [])
        {
            if (promo.PointsMultiplier > 1m && promo.Covers(line.Sku, line.Category) && (best is null || promo.PointsMultiplier > best.PointsMultiplier))
            {
                best = promo;
            }
        }

        return best;
    }

    private static string? StrongestApplied(ActivePromotion?[] applied)
    {
        ActivePromotion? best = null;
        foreach (var promo in applied)
        {
            if (promo is not null && (best is null || promo.PointsMultiplier > best.PointsMultiplier))
            {
                best = promo;
            }
        }

        return best?.PromotionId;
    }

    private static void Validate(PricingInput input)
    {
        static void Fail(string message) => throw new DomainException(DomainException.Validation, message);

        if (input.Program is null)
        {
            Fail("A program is required.");
        }

        if (input.Lines is null)
        {
            Fail("Lines are required.");
        }

        foreach (var line in input.Lines!)
        {
            if (line.Quantity <= 0m)
            {
                Fail($"Line '{line.Sku}': quantity must be positive.");
            }

            if (line.UnitPrice < 0m)
            {
                Fail($"Line '{line.Sku}': unit price must not be negative.");
            }
        }

        if (input.RedeemPoints < 0)
        {
            Fail("Points to redeem must not be negative.");
        }

        if (input.CouponDiscount < 0m)
        {
            Fail("Coupon discount must not be negative.");
        }

        if (input.StoredValueAmount < 0m)
        {
            Fail("Stored value amount must not be negative.");
        }
    }

}
