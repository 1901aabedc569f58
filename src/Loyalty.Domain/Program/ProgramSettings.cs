using System.Collections.ObjectModel;
using Loyalty.Domain.Benefits;

namespace Loyalty.Domain;

/// <summary>Every configurable number of the membership program (domain.md); a fresh instance is the default program.</summary>
/// <remarks>
/// A property-initialised record rather than a positional one: there are many settings, and
/// JSON documents or <c>with</c> expressions that name only some of them keep the defaults for
/// the rest. Instances are treated as immutable values; a program change replaces the instance
/// and bumps <see cref="Version"/>.
/// </remarks>
public sealed record ProgramSettings
{
    // Declared before Default: static initialisers run in text order and Default reads these.
    private static readonly IReadOnlyList<TierDefinition> DefaultTiers = Array.AsReadOnly(
    [
        new TierDefinition("regular", "普通会员", 0m, null, 0.05m, 1m, 0.10m),
        new TierDefinition("silver", "银卡会员", 1_000m, 5_000m, 0.10m, 1.5m, 0.15m),
        new TierDefinition("gold", "金卡会员", 5_000m, 10_000m, 0.15m, 2m, 0.20m),
        new TierDefinition("platinum", "白金卡会员", 20_000m, 20_000m, 0.20m, 3m, 0.30m),
        new TierDefinition("diamond", "钻石会员", 50_000m, 50_000m, 0.20m, 5m, 0.30m),
    ]);

    private static readonly IReadOnlyList<string> DefaultExcludedCategories = Array.AsReadOnly(["tobacco"]);

    private static readonly IReadOnlyList<TopUpBand> DefaultTopUpBands = Array.AsReadOnly(
    [
        new TopUpBand(500m, 0.05m),
        new TopUpBand(1_000m, 0.10m),
    ]);

    private static readonly IReadOnlyDictionary<string, decimal> DefaultBirthdayCoupons =
        new ReadOnlyDictionary<string, decimal>(new Dictionary<string, decimal>
        {
            ["gold"] = 100m,
            ["platinum"] = 200m,
            ["diamond"] = 200m,
        });

    private static readonly IReadOnlyList<decimal> DefaultCustomerClassThresholds = Array.AsReadOnly([20_000m, 5_000m, 1_000m]);

    /// <summary>The default program as shipped (domain.md numbers).</summary>
    public static ProgramSettings Default { get; } = new();

    /// <summary>Incremented on every program change so receipts can say which rules priced them.</summary>
    public int Version { get; init; } = 1;

    /// <summary>IANA time zone whose calendar dates count for birthdays, daily limits, year ends and expiry.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    // ---- Tiers (§2) ----

    /// <summary>The tier ladder, lowest first; the first tier is where every member starts.</summary>
    public IReadOnlyList<TierDefinition> Tiers { get; init; } = DefaultTiers;

    public QualifyingMetric QualifyingMetric { get; init; } = QualifyingMetric.RollingTwelveMonthSpend;

    /// <summary>Whether one checkout's qualifying spend can lift a member straight to a tier's "one purchase" value.</summary>
    public bool SinglePurchaseShortcut { get; init; } = true;

    /// <summary>Most tiers a member can drop at one requalification review.</summary>
    public int DowngradeStepsPerReview { get; init; } = 1;

    /// <summary>Months a tier is held after an upgrade before it is reviewed (保级); the review reads a window this long.</summary>
    public int TierHoldMonths { get; init; } = 12;

    /// <summary>Months of the rolling window the rolling-spend, purchase-count and spend-or-points metrics read (6, 12, 24…).</summary>
    public int QualifyingWindowMonths { get; init; } = 12;

    /// <summary>Whether a tier is held <see cref="TierHoldMonths"/> or to the end of the calendar year it was reached.</summary>
    public TierValidity TierValidity { get; init; } = TierValidity.HoldMonths;

    /// <summary>Negotiated discount for corporate/group members, who earn no points.</summary>
    public decimal CorporateDiscountRate { get; init; } = 0.10m;

    // ---- Earning (§3) ----

    /// <summary>Base points per yuan paid with money, before the tier multiplier.</summary>
    public decimal PointsPerYuan { get; init; } = 1m;

    /// <summary>Categories that get no discount and earn no points (compared case-insensitively).</summary>
    public IReadOnlyList<string> ExcludedCategories { get; init; } = DefaultExcludedCategories;

    public long CheckInPoints { get; init; } = 5;
    public long ReviewPoints { get; init; } = 10;
    public long ReferralPoints { get; init; } = 200;

    /// <summary>Most points a member can earn per program day; null = no cap.</summary>
    public long? DailyEarnCap { get; init; }

    /// <summary>Days before earned points become spendable; 0 = at once.</summary>
    public int PendingDays { get; init; }

    // ---- Redemption (§3) ----

    /// <summary>Points that buy one <see cref="RedemptionUnitValue"/> (100 points = 10 yuan by default).</summary>
    public long PointsPerRedemptionUnit { get; init; } = 100;

    public decimal RedemptionUnitValue { get; init; } = 10m;

    /// <summary>Points-as-payment must be a multiple of this.</summary>
    public long RedemptionStep { get; init; } = 100;

    /// <summary>Largest share of the amount (after discounts and coupon) that points may pay.</summary>
    public decimal MaxRedemptionShare { get; init; } = 0.5m;

    // ---- Expiry (§3) ----

    public ExpiryPolicy ExpiryPolicy { get; init; } = ExpiryPolicy.Rolling;

    /// <summary>Lifetime of a points lot under <see cref="Domain.ExpiryPolicy.Rolling"/>.</summary>
    public int ExpiryMonths { get; init; } = 12;

    /// <summary>Members are reminded of points expiring within this many days.</summary>
    public int ExpiringReminderDays { get; init; } = 30;

    // ---- Transfer, refunds ----

    /// <summary>Most points a member can give away per program day.</summary>
    public long DailyTransferLimit { get; init; } = 10000;

    public RefundPolicy RefundPolicy { get; init; } = RefundPolicy.AllowDebt;

    // ---- Price promotions and stacking (issue 13 item 7; order of application in CheckoutPricer) ----

    /// <summary>Lowest share of a line's list amount the line may cost after its discounts (e.g. 0.95); 0 = no floor.</summary>
    public decimal PriceFloorRate { get; init; }

    /// <summary>Whether a line's price offer (member price, price promotion) combines with the member discount; false = the better one.</summary>
    public bool PromotionsStackWithMemberDiscount { get; init; }

    /// <summary>Whether a coupon combines with the member discount; false = a checkout with a coupon gets no member discount.</summary>
    public bool CouponsStackWithMemberDiscount { get; init; } = true;

    /// <summary>Whether paying with points combines with the member discount; false = a checkout paying with points gets no member discount.</summary>
    public bool PointsPaymentStacksWithMemberDiscount { get; init; } = true;

    /// <summary>
    /// One benefit per checkout (one regulation forbids stacking entirely): a line gets the better of member discount
    /// and price offer, a coupon or points payment replaces every line discount, and coupon and points cannot be used
    /// together. Overrides the three switches above.
    /// </summary>
    public bool NoStacking { get; init; }

    // ---- Membership and cards (§1, §4, §5) ----

    /// <summary>Purchase amount in one day that makes a customer a member automatically; null = off.</summary>
    public decimal? AutoJoinThreshold { get; init; }

    /// <summary>Months a membership lasts without renewal; null = forever.</summary>
    public int? MembershipValidityMonths { get; init; }

    public decimal CardReplacementFee { get; init; } = 20m;

    /// <summary>Card fee (工本费) charged when a card is issued (paid at the counter or from stored value); 0 = none.</summary>
    public decimal CardFee { get; init; }

    /// <summary>Days after the loss report within which a lost card may be replaced; null = any time.</summary>
    public int? ReplacementWindowDays { get; init; }

    /// <summary>Membership applications wait for a store manager's approval (pending → approved or rejected); false = members join at once.</summary>
    public bool MembershipApproval { get; init; }

    /// <summary>Card types (VIP / higher cards, e.g. storedValue, corporate) a clerk's issue of which waits for a store manager's approval; empty = none.</summary>
    public IReadOnlyList<string> CardTypesNeedingApproval { get; init; } = [];

    /// <summary>A card replacement waits for the store manager, then a chain supervisor (admin); false = replaced at once.</summary>
    public bool ReplacementApproval { get; init; }

    /// <summary>Finding a member by phone (lookups and phone checkouts) needs the member's PIN, when the member has one.</summary>
    public bool PinForPhoneLookup { get; init; }

    /// <summary>Paying with stored value needs the card's member's PIN, when the member has one.</summary>
    public bool PinForStoredValue { get; init; }

    /// <summary>Wrong PINs in a row that lock the PIN until a manager resets it.</summary>
    public int PinMaxAttempts { get; init; } = 5;

    /// <summary>Months after a birthday change before the birthday may change again (birthday benefits cannot be farmed); 0 = any time.</summary>
    public int BirthdayChangeMonths { get; init; } = 12;

    /// <summary>Stored-value top-up bonus bands; the highest band reached applies (a tier's own bands for its members, when it has any).</summary>
    public IReadOnlyList<TopUpBand> TopUpBands { get; init; } = DefaultTopUpBands;

    /// <summary>Largest single top-up a till may take; must let every bonus band and deposit tier be reached.</summary>
    public decimal MaxTopUpAmount { get; init; } = 100_000m;

    /// <summary>Fixed top-up amounts (e.g. 100, 200, 500); empty = any amount up to <see cref="MaxTopUpAmount"/>.</summary>
    public IReadOnlyList<decimal> TopUpDenominations { get; init; } = [];

    /// <summary>Single top-ups that lift the member to a tier at once (e.g. 20,000 → gold); empty = none.</summary>
    public IReadOnlyList<DepositTier> DepositTiers { get; init; } = [];

    /// <summary>Stored balances that keep a tier at its review (e.g. 20,000 on the card keeps gold); empty = none.</summary>
    public IReadOnlyList<BalanceTier> BalanceTiers { get; init; } = [];

    // ---- Coupons (§7) ----

    /// <summary>Birthday-month coupon amount by tier id; tiers not listed get none.</summary>
    public IReadOnlyDictionary<string, decimal> BirthdayCoupons { get; init; } = DefaultBirthdayCoupons;

    /// <summary>Birthday coupons stay valid this many days from issue; null = to the end of the birthday month.</summary>
    public int? BirthdayCouponValidDays { get; init; }

    /// <summary>Coupon template issued to every new member on joining (入会礼); null = no welcome coupon.</summary>
    public string? WelcomeCouponTemplateId { get; init; }

    // ---- Gift redemption, manual adjustments, notifications (§3, §9) ----

    /// <summary>Months (1–12) in which gifts may be redeemed (one store: March and August); empty = any month.</summary>
    public IReadOnlyList<int> RedemptionMonths { get; init; } = [];

    /// <summary>Most points a manager may add or deduct in one manual adjustment; admins are not limited.</summary>
    public long ManualAdjustmentLimit { get; init; } = 1_000;

    /// <summary>A change of at least this many points in one operation writes a large-balance-change notification.</summary>
    public long LargeBalanceChangePoints { get; init; } = 5_000;

    /// <summary>Most points one manager key may add and deduct in total per program day (|points| summed); admins are not limited.</summary>
    public long ManualAdjustmentDailyLimit { get; init; } = 5_000;

    // ---- Couples, units and store scope (§6) ----

    /// <summary>Whether households (family, couple, corporate) may pool their members' points; false refuses new pools.</summary>
    public bool HouseholdPooling { get; init; } = true;

    /// <summary>Whether corporate (unit) cards and accounts also earn points, spendable at once, besides their discount.</summary>
    public bool CorporatePointsAccount { get; init; }

    /// <summary>Whether a member's points pay only at the member's home store (the issuing store).</summary>
    public bool PointsIssuingStoreOnly { get; init; }

    // ---- Benefits with quotas (会员权益) ----

    /// <summary>Entitlements per tier (free deliveries, services, a birthday gift); empty = none.</summary>
    public IReadOnlyList<BenefitDefinition> Benefits { get; init; } = [];

    // ---- Outreach ----

    /// <summary>Consecutive check-in days that earn <see cref="CheckInStreakBonus"/> (on the Nth day, then every Nth); 0 = no streak bonus.</summary>
    public int CheckInStreakDays { get; init; }

    /// <summary>Bonus points on each completed check-in streak.</summary>
    public long CheckInStreakBonus { get; init; }

    /// <summary>Whether a review earns points only for a SKU the member bought in the last year, once per purchase.</summary>
    public bool ReviewRequiresPurchase { get; init; }

    /// <summary>Spend in the last 12 months from which a member is class A, B and C (highest first); below the last = D.</summary>
    public IReadOnlyList<decimal> CustomerClassThresholds { get; init; } = DefaultCustomerClassThresholds;

    // ---- Till limits (what one checkout may claim) ----
    /// <summary>Largest amount of one checkout line (quantity × unit price) a till may send.</summary>
    public decimal MaxLineAmount { get; init; } = 100_000m;
    /// <summary>Largest subtotal of one checkout a till may send.</summary>
    public decimal MaxCheckoutAmount { get; init; } = 300_000m;
    /// <summary>The end (exclusive) of a membership that starts or is renewed on <paramref name="day"/>; null when memberships never expire.</summary>
    public DateOnly? MembershipValidUntil(DateOnly day) => MembershipValidityMonths is { } months ? day.AddMonths(months) : null;
    /// <summary>Whether a balance change is large enough to tell the member about (会员关怀); never when the setting is 0.</summary>
    public bool IsLargeBalanceChange(long pointsDelta) => LargeBalanceChangePoints > 0 && Math.Abs(pointsDelta) >= LargeBalanceChangePoints;

    /// <summary>Whether gift redemption is open on this program-local date (<see cref="RedemptionMonths"/>).</summary>
    public bool IsRedemptionOpen(DateOnly today) => RedemptionMonths is not { Count: > 0 } || RedemptionMonths.Contains(today.Month);

    /// <summary>The tier with this id.</summary>
    /// <exception cref="DomainException"><c>validation</c> when the program has no such tier.</exception>
    public TierDefinition Tier(string id) => Tiers[TierIndex(id)];

    /// <summary>Position of the tier in the ladder (0 = lowest).</summary>
    /// <exception cref="DomainException"><c>validation</c> when the program has no such tier.</exception>
    public int TierIndex(string id)
    {
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (string.Equals(Tiers[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new DomainException(DomainException.Validation, $"Unknown tier '{id}'.");
    }

    /// <summary>Whether the program has a tier with this id.</summary>
    public bool HasTier(string id) => Tiers.Any(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    /// <summary>Whether lines of this category get no discount and earn no points.</summary>
    public bool IsExcludedCategory(string? category) =>
        category is not null && ExcludedCategories.Any(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));

    /// <summary>Bonus money for a top-up: amount × rate of the highest band reached, rounded to cents.</summary>
    public decimal TopUpBonus(decimal amount) => TopUpRules.Bonus(this, amount, null);

    /// <summary>All problems with these settings; empty when the program is usable.</summary>
    public IReadOnlyList<SettingsError> Validate() => ProgramSettingsValidator.Validate(this);
}
