namespace Loyalty.Domain.Pricing;

/// <summary>The priced checkout: the money and points numbers of the receipt.</summary>
/// <param name="PromotionDiscount">Money off from price offers (member prices and price promotions), summed over the lines.</param>
/// <param name="CouponDiscount">The coupon money actually applied (at most the amount left after discounts).</param>
/// <param name="AmountDue">What remains to pay by cash or bank card.</param>
/// <param name="QualifyingSpend">Money paid (cash, card or stored value) that counts towards tiers: everything except points.</param>
/// <param name="AppliedPromotionId">The strongest promotion applied to any line, or null.</param>
public sealed record PricedCheckout(
    decimal Subtotal,
    decimal MemberDiscount,
    decimal PromotionDiscount,
    decimal CouponDiscount,
    long PointsRedeemed,
    decimal PointsRedeemedValue,
    decimal StoredValueCharged,
    decimal AmountDue,
    long PointsEarned,
    decimal QualifyingSpend,
    IReadOnlyList<PricedLine> Lines,
    string? AppliedPromotionId);
