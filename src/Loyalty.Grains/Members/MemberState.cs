using Loyalty.Persistence.Storage;
using Loyalty.Persistence;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using Loyalty.Domain.Benefits;
using Loyalty.Domain.Coupons;
using Loyalty.Domain.Outreach;
using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;

namespace Loyalty.Grains.Members;

/// <summary>Quantities of a checkout's lines already refunded.</summary>
public sealed class RefundedLine
{
    public string CheckoutId { get; set; } = "";

    public int LineIndex { get; set; }

    public string Sku { get; set; } = "";

    public decimal Quantity { get; set; }
}

/// <summary>A status change with who made it and why (资格管理).</summary>
public sealed class StatusChange
{
    public string Status { get; set; } = "";

    public string Reason { get; set; } = "";

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary>The member asked to leave (cancelled at their own request, not for rule breaking).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool OwnRequest { get; set; }
}

/// <summary>One audited profile change (who, when, old → new).</summary>
public sealed class ProfileChange
{
    public string Field { get; set; } = "";

    public string? From { get; set; }

    public string? To { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>Contact channels the member agreed to; unstated means all (today's care notifications go to everyone).</summary>
public sealed class ContactPreferences
{
    public bool Sms { get; set; } = true;

    public bool Email { get; set; } = true;

    public bool App { get; set; } = true;
}

/// <summary>An operation id this member applied recently, with the hash of its request (fast idempotency check).</summary>
public sealed class RecentOperation
{
    public string Id { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>
/// Everything a member grain keeps in memory and persists as one JSON state. The rules live in the domain objects it
/// holds (<see cref="Wallet"/>, <see cref="TierStatus"/>, <see cref="CouponPurse"/>); their data is stored under the
/// property names the state always had (points, lots, tier, coupons…), so stored states of every version load.
/// </summary>
public sealed class MemberState : ILedgeredRecord<MemberState>
{
    public static JsonTypeInfo<MemberState> JsonInfo => GrainJson.Default.MemberState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new(
        Status: Status,
        Tier: Tier,
        StoreId: HomeStoreId,
        Points: Points,
        PendingPoints: PendingPoints,
        Spend: Spend.Lifetime,
        Owner: HouseholdId);

    public string MemberId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public DateOnly? Birthday { get; set; }

    public string? Gender { get; set; }

    public string? HomeStoreId { get; set; }

    public string? ReferrerMemberId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public string Status { get; set; } = "active";

    public List<StatusChange> StatusHistory { get; set; } = [];

    // The profile and PIN fields below are left out of the stored JSON while unset, so a member who never used them is
    // stored exactly as before (states are written back under the names they were read with).

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Address { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    /// <summary>Contact channels; null = never stated (all on).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContactPreferences? Contact { get; set; }

    /// <summary>Program date of the last birthday change, so a birthday changes at most once per period (birthday benefits cannot be farmed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? BirthdayChangedOn { get; set; }

    /// <summary>The PIN (密码) as a salted PBKDF2 hash (PinHasher); null = no PIN.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PinHash { get; set; }

    /// <summary>Wrong PINs in a row; at ProgramSettings.PinMaxAttempts the PIN locks until a manager resets it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PinFailures { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PinLocked { get; set; }

    /// <summary>The profile audit trail (who, when, old → new), oldest first; null until the first change.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ProfileChange>? ProfileChanges { get; set; }

    /// <summary>The debt as the ledger last recorded it (MemberGrain.Debt.cs): a change since is written as a debt row.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long LedgeredDebt { get; set; }

    /// <summary>The member's own points (none while in a household: the pool holds them).</summary>
    [JsonIgnore]
    public PointsWallet Wallet { get; set; } = new();

    [JsonIgnore]
    public TierStatus TierStatus { get; set; } = new();

    [JsonIgnore]
    public CouponPurse CouponPurse { get; set; } = new();

    [JsonIgnore]
    public BenefitBook BenefitBook { get; set; } = new();

    [JsonIgnore]
    public ReviewableSkus ReviewableSkus { get; set; } = new();

    // ---- stored names of the domain objects' data ----

    // These two are left out while empty, so a member who never used them is stored exactly as before.

    /// <summary>SKUs bought and not yet reviewed (kept only while reviews require a purchase).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, DateOnly>? BoughtSkus
    {
        get => ReviewableSkus.Skus.Count == 0 ? null : ReviewableSkus.Skus;
        set => ReviewableSkus.Skus = value ?? [];
    }

    /// <summary>Benefit uses (会员权益) from the start of last year on.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<BenefitUse>? BenefitUses
    {
        get => BenefitBook.Uses.Count == 0 ? null : BenefitBook.Uses;
        set => BenefitBook.Uses = value ?? [];
    }

    public string Tier { get => TierStatus.Tier; set => TierStatus.Tier = value; }

    public DateOnly TierSince { get => TierStatus.Since; set => TierStatus.Since = value; }

    public long Points { get => Wallet.Available; set => Wallet.Available = value; }

    public long PendingPoints { get => Wallet.Pending; set => Wallet.Pending = value; }

    public List<PointsLot> Lots { get => Wallet.Lots; set => Wallet.Lots = value; }

    public List<PendingLot> PendingLots { get => Wallet.PendingLots; set => Wallet.PendingLots = value; }

    /// <summary>Points owed after a refund took back points already spent; later earning pays it off first.</summary>
    public long PointsDebt { get => Wallet.Debt; set => Wallet.Debt = value; }

    public List<MemberCoupon> Coupons { get => CouponPurse.Coupons; set => CouponPurse.Coupons = value; }

    public List<RefundedLine> Refunded { get; set; } = [];

    public DailyTotal EarnedToday { get; set; } = new();

    public DailyTotal TransferredToday { get; set; } = new();

    public DateOnly? LastCheckIn { get; set; }

    /// <summary>Consecutive program days with a check-in, ending on <see cref="LastCheckIn"/> (left out while 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CheckInStreak { get; set; }

    /// <summary>Corporate (单位) members get the program's contract discount and earn no points.</summary>
    public bool Corporate { get; set; }

    /// <summary>Membership validity end (exclusive); null = never expires.</summary>
    public DateOnly? ValidUntil { get; set; }

    /// <summary>Set when an admin merged this duplicate into another member; the record is closed.</summary>
    public string? MergedInto { get; set; }

    /// <summary>Set when a manager fixed the tier by hand (recorded); cleared by the next review.</summary>
    public bool ManualTier { get => TierStatus.Manual; set => TierStatus.Manual = value; }

    /// <summary>Year and month of the last birthday coupon, so the birthday job gives one per year.</summary>
    public int? BirthdayCouponYear { get; set; }

    /// <summary>Scheduled-job bookkeeping (due dates as committed, greetings and reminders already sent).</summary>
    public MemberJobState Jobs { get; set; } = new();

    public SpendHistory Spend { get; set; } = new();

    public long LifetimePointsEarned { get; set; }

    public List<string> Cards { get; set; } = [];

    public string? HouseholdId { get; set; }

    public string? HouseholdKind { get; set; }

    /// <summary>A corporate account's contract discount, priced instead of the tier discount.</summary>
    public decimal? HouseholdContractRate { get; set; }

    /// <summary>How many times the member joined a household: makes join/leave operation ids unique and stable.</summary>
    public int HouseholdJoins { get; set; }

    public List<RecentOperation> Recent { get; set; } = [];

    /// <summary>Stored value per card number as the cards last reported it (for the balance tier rule); null until a card reports.</summary>
    /// <remarks>Left out of the stored JSON while null, so states of members without stored value keep their format.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, decimal>? StoredValue { get; set; }

    /// <summary>Stored value on the member's current cards.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal StoredBalance => StoredValue?.Where(c => Cards.Contains(c.Key)).Sum(c => c.Value) ?? 0m;

    /// <summary>True once the referrer was credited for this member's first purchase (推荐).</summary>
    public bool ReferralCredited { get; set; }

    /// <summary>Duplicates merged into this member; their ledgers hold the history before the merge.</summary>
    public List<string> MergedFrom { get; set; } = [];
}
