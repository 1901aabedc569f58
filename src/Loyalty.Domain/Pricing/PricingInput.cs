namespace Loyalty.Domain.Pricing;

/// <summary>Everything the pricer needs for one checkout; member status and balances were checked by the caller.</summary>
/// <param name="TierId">The member's tier before this checkout (an upgrade applies from the next purchase).</param>
/// <param name="IsBirthday">Today is the member's birthday: the tier's birthday rate replaces its member discount.</param>
/// <param name="Corporate">Corporate/group member: the program's corporate rate replaces the tier rate and no points are earned.</param>
/// <param name="RedeemPoints">Points offered as payment (0 = none); must be a multiple of the redemption step.</param>
/// <param name="CouponDiscount">Money off from the coupon, already computed by the coupon rules (0 = none).</param>
/// <param name="StoredValueAmount">Money to charge to the stored-value card (0 = none).</param>
/// <param name="Promotions">Promotions running now in this store (may be empty).</param>
/// <param name="MemberPrices">The member price list (all tiers; may be null or empty).</param>
/// <param name="CouponPresented">A coupon is offered even if <paramref name="CouponDiscount"/> is not known yet (the stacking policy applies).</param>
public sealed record PricingInput(
    ProgramSettings Program,
    string TierId,
    bool IsBirthday,
    bool Corporate,
    IReadOnlyList<CheckoutLine> Lines,
    long RedeemPoints,
    decimal CouponDiscount,
    decimal StoredValueAmount,
    IReadOnlyList<ActivePromotion> Promotions,
    IReadOnlyList<MemberPriceEntry>? MemberPrices = null,
    bool CouponPresented = false);
