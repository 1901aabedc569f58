namespace Loyalty.Grains.Contracts;

/// <summary>One basket line as the POS sends it.</summary>
public sealed record CheckoutLineRequest(string Sku, string Category, decimal Quantity, decimal UnitPrice, bool SpecialPrice);

/// <summary>A checkout on one member, already validated at the edge. <c>RequestHash</c> identifies the body for idempotency.</summary>
public sealed record MemberCheckout(
    string CheckoutId,
    string RequestHash,
    string StoreId,
    string? CardNumber,
    IReadOnlyList<CheckoutLineRequest> Lines,
    long RedeemPoints,
    string? CouponCode,
    decimal StoredValueAmount,
    bool QuoteOnly);

public sealed record ReceiptLine(string Sku, decimal Quantity, decimal UnitPrice, decimal Discount, long PointsEarned);

/// <summary>The receipt of api.md, plus the program version used and the tier progress.</summary>
public sealed record Receipt(
    string CheckoutId,
    string StoreId,
    string MemberId,
    string? CardNumber,
    decimal Subtotal,
    decimal MemberDiscount,
    decimal PromotionDiscount,
    decimal CouponDiscount,
    long PointsRedeemed,
    decimal PointsRedeemedValue,
    decimal StoredValueCharged,
    decimal AmountDue,
    long PointsEarned,
    long PointsBalance,
    string TierBefore,
    string TierAfter,
    IReadOnlyList<ReceiptLine> Lines,
    decimal QualifyingSpend,
    bool Birthday,
    int ProgramVersion,
    TierProgressView TierProgress,
    DateTimeOffset At);

/// <summary>What is stored per checkout (document "checkouts"): enough to answer a repeat and to refund later.</summary>
public sealed record CheckoutRecord(string CheckoutId, string MemberId, string RequestHash, Receipt Receipt, IReadOnlyList<CheckoutLineRequest> Lines);
