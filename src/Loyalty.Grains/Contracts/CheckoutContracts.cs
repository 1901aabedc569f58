namespace Loyalty.Grains.Contracts;

/// <summary>One basket line as the POS sends it.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CheckoutLineRequest")]
public sealed record CheckoutLineRequest(string Sku, string Category, decimal Quantity, decimal UnitPrice, bool SpecialPrice);

/// <summary>A checkout on one member, already validated at the edge. <c>RequestHash</c> identifies the body for idempotency.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.MemberCheckout")]
public sealed record MemberCheckout(
    string CheckoutId,
    string RequestHash,
    string StoreId,
    string? CardNumber,
    IReadOnlyList<CheckoutLineRequest> Lines,
    long RedeemPoints,
    string? CouponCode,
    decimal StoredValueAmount,
    bool QuoteOnly,
    bool CorporateCard = false);

/// <summary>A receipt line: <c>Discount</c> is the member discount, <c>PromotionDiscount</c> the price offer's (member price or price promotion).</summary>
/// <param name="PriceOffer">The price promotion's id, or <c>member-price</c>; null = no price offer on this line.</param>
[GenerateSerializer, Immutable, Alias("Loyalty.ReceiptLine")]
public sealed record ReceiptLine(string Sku, decimal Quantity, decimal UnitPrice, decimal Discount, long PointsEarned,
    decimal PromotionDiscount = 0m, string? PriceOffer = null);

/// <summary>The receipt of api.md, plus the program version used and the tier progress.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.Receipt")]
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
    DateTimeOffset At,
    string? CouponCode = null,
    long PointsPending = 0,
    decimal StoredValueBalance = 0,
    string? AppliedPromotionId = null,
    string? HouseholdId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    bool ReferralPending = false);

/// <summary>What is stored per checkout (document "checkouts"): enough to answer a repeat and to refund later.</summary>
[GenerateSerializer, Alias("Loyalty.CheckoutRecord")]
public sealed record CheckoutRecord(string CheckoutId, string MemberId, string RequestHash, Receipt Receipt, IReadOnlyList<CheckoutLineRequest> Lines);

[GenerateSerializer, Alias("Loyalty.RefundLineRequest")]
public sealed record RefundLineRequest(string Sku, decimal Quantity);

/// <summary>A refund of a checkout (退货): all lines when <c>Lines</c> is null. The original record comes from storage.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.RefundCheckout")]
public sealed record RefundCheckout(string RefundId, string RequestHash, CheckoutRecord Checkout, IReadOnlyList<RefundLineRequest>? Lines, Actor By);

[GenerateSerializer, Alias("Loyalty.RefundReceiptLine")]
public sealed record RefundReceiptLine(string Sku, decimal Quantity, long PointsReversed);

/// <summary>What a refund gave back (cash, stored value, redeemed points) and took back (earned points, spend).</summary>
[GenerateSerializer, Alias("Loyalty.RefundReceipt")]
public sealed record RefundReceipt(
    string RefundId,
    string CheckoutId,
    string StoreId,
    string MemberId,
    string? CardNumber,
    IReadOnlyList<RefundReceiptLine> Lines,
    decimal AmountRefunded,
    decimal StoredValueRefunded,
    long PointsReversed,
    long PointsReturned,
    long PointsDebt,
    long PointsBalance,
    decimal SpendReversed,
    string TierBefore,
    string TierAfter,
    DateTimeOffset At);

/// <summary>What is stored per refund (document "refunds").</summary>
[GenerateSerializer, Alias("Loyalty.RefundRecord")]
public sealed record RefundRecord(string RefundId, string CheckoutId, string MemberId, string RequestHash, RefundReceipt Receipt);
