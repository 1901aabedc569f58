namespace Loyalty.Grains.Contracts;

// ---- Program settings ----

/// <summary>Read the stored program (settings JSON, version, change history).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.GetProgram")]
public sealed record GetProgram;

/// <summary>
/// Replace the program settings. <c>SettingsJson</c> is a <see cref="Domain.ProgramSettings"/> in the API's JSON form
/// (camelCase, enums as strings); <c>ExpectedVersion</c>, when given, must be the version in force (optimistic check).
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.UpdateProgram")]
public sealed record UpdateProgram(string SettingsJson, int? ExpectedVersion, Actor By);

/// <summary>One accepted program change: who and when.</summary>
[GenerateSerializer, Alias("Loyalty.ProgramChangeView")]
public sealed record ProgramChangeView(int Version, string By, string? Role, DateTimeOffset At);

/// <summary>The stored program; <c>SettingsJson</c> is null while the default program was never changed.</summary>
[GenerateSerializer, Alias("Loyalty.ProgramSnapshot")]
public sealed record ProgramSnapshot(int Version, string? SettingsJson, IReadOnlyList<ProgramChangeView> History);

// ---- Promotions ----

/// <summary>A promotion (活动) as defined by an admin: a points multiplier, or a price discount (rate or amount off).</summary>
/// <param name="StoreIds">Stores where it runs; null = every store.</param>
/// <param name="Categories">Categories it covers (case-insensitive); null = every category.</param>
/// <param name="PointsMultiplier">Points multiplier (&gt; 1); 1 for a price promotion.</param>
/// <param name="PointsBudget">Most extra points it may give in total; null = no budget.</param>
/// <param name="Skus">SKUs it covers; null = every SKU.</param>
/// <param name="DiscountRate">Price promotion: share of the line off (0.2 = 20% off); null = none.</param>
/// <param name="AmountOff">Price promotion: money off each unit, at most the line's amount; null = none.</param>
[GenerateSerializer, Alias("Loyalty.PromotionDefinition")]
public sealed record PromotionDefinition(
    string PromotionId,
    string Name,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string>? StoreIds,
    IReadOnlyList<string>? Categories,
    decimal PointsMultiplier,
    long? PointsBudget,
    IReadOnlyList<string>? Skus = null,
    decimal? DiscountRate = null,
    decimal? AmountOff = null);

/// <summary>A promotion with who defined it and when.</summary>
[GenerateSerializer, Alias("Loyalty.PromotionRecord")]
public sealed record PromotionRecord(PromotionDefinition Definition, string CreatedBy, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("Loyalty.DefinePromotion")]
public sealed record DefinePromotion(PromotionDefinition Definition, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.ListPromotions")]
public sealed record ListPromotions;

/// <summary>The chain's promotions and its member price list.</summary>
[GenerateSerializer, Alias("Loyalty.PromotionList")]
public sealed record PromotionList(IReadOnlyList<PromotionRecord> Promotions, MemberPriceList? MemberPrices = null);

// ---- Member prices (会员价) ----

/// <summary>A member price list entry: for a tier, a SKU's member unit price or a category's member discount rate.</summary>
[GenerateSerializer, Alias("Loyalty.MemberPriceItem")]
public sealed record MemberPriceItem(string Tier, string? Sku, string? Category, decimal? UnitPrice, decimal? DiscountRate);

/// <summary>The member price list in force: replaced as a whole; <c>Version</c> counts the replacements.</summary>
[GenerateSerializer, Alias("Loyalty.MemberPriceList")]
public sealed record MemberPriceList(IReadOnlyList<MemberPriceItem> Prices, int Version, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    public static MemberPriceList Empty { get; } = new([], 0, null, null);
}

/// <summary>Replace the member price list (entries already validated).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.SetMemberPrices")]
public sealed record SetMemberPrices(IReadOnlyList<MemberPriceItem> Prices, Actor By);

/// <summary>Take up to <c>Points</c> from a promotion's budget for one operation (a checkout id); idempotent per operation.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ConsumeBudget")]
public sealed record ConsumeBudget(string OperationId, long Points);

/// <summary>What a budget granted to one operation (at most what was left), and what is left now.</summary>
/// <param name="Budget">The promotion's budget; null = the promotion has none (everything asked is granted).</param>
[GenerateSerializer, Alias("Loyalty.BudgetGrant")]
public sealed record BudgetGrant(string OperationId, long Requested, long Granted, long? Budget, long Used, long? Remaining);

/// <summary>
/// Give back points of an operation's grant (a refund). <c>Points</c> null = everything the operation still holds.
/// Idempotent per <c>ReleaseId</c> (defaults to the operation id, i.e. one full release).
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReleaseBudget")]
public sealed record ReleaseBudget(string OperationId, long? Points = null, string? ReleaseId = null);

[GenerateSerializer, Alias("Loyalty.BudgetRelease")]
public sealed record BudgetRelease(string OperationId, string ReleaseId, long Released, long? Budget, long Used, long? Remaining);

[GenerateSerializer, Immutable, Alias("Loyalty.GetBudget")]
public sealed record GetBudget;

[GenerateSerializer, Alias("Loyalty.BudgetView")]
public sealed record BudgetView(string PromotionId, long? Budget, long Used, long? Remaining, int Operations);

// ---- Coupon templates ----

/// <summary>
/// A coupon template. <c>amountOff</c>: <c>Amount</c> yuan off when the amount reaches <c>MinSpend</c>;
/// <c>percentOff</c>: <c>Percent</c> (0–100, e.g. 10 = 10% off). Validity: <c>ValidDays</c> from issue, or the fixed
/// window <c>ValidFrom</c>–<c>ValidTo</c>. <c>Tiers</c>: tiers that may receive it; null = every tier.
/// </summary>
[GenerateSerializer, Alias("Loyalty.CouponTemplate")]
public sealed record CouponTemplate(
    string TemplateId,
    string Name,
    string Kind,
    decimal? Amount,
    decimal? Percent,
    decimal? MinSpend,
    int? ValidDays,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    IReadOnlyList<string>? Tiers)
{
    /// <summary>When a coupon issued at <paramref name="issuedAt"/> stops being valid (exclusive); fixed windows end at ValidTo.</summary>
    public DateTimeOffset ValidUntil(DateTimeOffset issuedAt) =>
        ValidDays is { } days ? issuedAt.AddDays(days) : ValidTo ?? DateTimeOffset.MaxValue;

    /// <summary>Whether a member of this tier may receive it.</summary>
    public bool IsForTier(string tier) => Tiers is null || Tiers.Contains(tier, StringComparer.Ordinal);
}

[GenerateSerializer, Alias("Loyalty.CouponTemplateRecord")]
public sealed record CouponTemplateRecord(CouponTemplate Template, string CreatedBy, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("Loyalty.DefineCouponTemplate")]
public sealed record DefineCouponTemplate(CouponTemplate Template, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.ListCouponTemplates")]
public sealed record ListCouponTemplates;

[GenerateSerializer, Alias("Loyalty.CouponTemplateList")]
public sealed record CouponTemplateList(IReadOnlyList<CouponTemplateRecord> Templates);

// ---- Gift catalogue (礼品兑换) ----

/// <summary>Create a gift item with its points price and opening stock; the same definition again is a no-op.</summary>
/// <summary>A gift item; with <c>CouponTemplateId</c> the reward is a coupon of that template (a gift-catalogue coupon).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.DefineGift")]
public sealed record DefineGift(string Name, long PointsPrice, int Stock, Actor By, string? CouponTemplateId = null);

/// <summary>Take <c>Quantity</c> items out of stock for one redemption; idempotent per redemption id.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReserveGift")]
public sealed record ReserveGift(string RedemptionId, int Quantity);

/// <summary>Put a redemption's items back (compensation or refund); idempotent.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReleaseGift")]
public sealed record ReleaseGift(string RedemptionId);

/// <summary>Restock (positive) or write off (negative); idempotent per adjustment id.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.AdjustGiftStock")]
public sealed record AdjustGiftStock(string AdjustmentId, int Delta, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.GetGift")]
public sealed record GetGift;

/// <summary>
/// A reservation: <c>PointsTotal</c> = quantity × the item's points price at reservation time, the number the member
/// side charges. <c>Released</c> once the items went back to stock.
/// </summary>
[GenerateSerializer, Alias("Loyalty.GiftReservation")]
public sealed record GiftReservation(
    string RedemptionId, string CatalogItemId, int Quantity, long PointsPrice, long PointsTotal, bool Released, int StockAfter);

[GenerateSerializer, Alias("Loyalty.GiftView")]
public sealed record GiftView(string CatalogItemId, string Name, long PointsPrice, int Stock, int Reserved, DateTimeOffset CreatedAt,
    string? CouponTemplateId = null);

/// <summary>The catalogue index: which items exist (their stock lives in each item's grain).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.AddGiftToCatalog")]
public sealed record AddGiftToCatalog(string CatalogItemId);

[GenerateSerializer, Immutable, Alias("Loyalty.ListGifts")]
public sealed record ListGifts;

[GenerateSerializer, Alias("Loyalty.GiftIds")]
public sealed record GiftIds(IReadOnlyList<string> CatalogItemIds);
