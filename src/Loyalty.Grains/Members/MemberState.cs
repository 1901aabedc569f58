using Loyalty.Persistence.Storage;
using Loyalty.Persistence;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Domain;
using Loyalty.Domain.Pricing;
using Loyalty.Domain.Tiers;

namespace Loyalty.Grains.Members;

/// <summary>A batch of earned points that expires together; spending takes the oldest lots first.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("Loyalty.PointsLot")]
public sealed class PointsLot
{
    public DateOnly EarnedOn { get; set; }

    /// <summary>The first day the lot is no longer spendable; null when points never expire.</summary>
    public DateOnly? ExpiresOn { get; set; }

    public long Remaining { get; set; }

    /// <summary>In a household pool: the member who earned the points (attribution).</summary>
    public string? EarnedBy { get; set; }
}

/// <summary>Points earned but not yet spendable (pending days of the program).</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("Loyalty.PendingLot")]
public sealed class PendingLot
{
    public DateOnly EarnedOn { get; set; }

    public DateOnly ReleaseOn { get; set; }

    public long Points { get; set; }

    /// <summary>The operation that earned them (a refund takes back pending points first).</summary>
    public string OperationId { get; set; } = "";

    /// <summary>In a household pool: the member who earned the points.</summary>
    public string? EarnedBy { get; set; }
}

/// <summary>A coupon in the member's wallet (优惠券): used at most once.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("Loyalty.MemberCoupon")]
public sealed class MemberCoupon
{
    public string Code { get; set; } = "";

    public string TemplateId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>"amountOff" (with a minimum spend) or "percentOff".</summary>
    public string Kind { get; set; } = "amountOff";

    public decimal Amount { get; set; }

    public decimal Percent { get; set; }

    public decimal MinSpend { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    /// <summary>Why it was issued: welcome, birthday, manual, gift.</summary>
    public string Source { get; set; } = "";

    public string? UsedByCheckoutId { get; set; }
}

/// <summary>Quantities of a checkout's lines already refunded.</summary>
public sealed class RefundedLine
{
    public string CheckoutId { get; set; } = "";

    public int LineIndex { get; set; }

    public string Sku { get; set; } = "";

    public decimal Quantity { get; set; }
}

/// <summary>A running total for one calendar day (daily limits and caps).</summary>
public sealed class DailyTotal
{
    public DateOnly Day { get; set; }

    public long Amount { get; set; }

    public long On(DateOnly day) => Day == day ? Amount : 0;

    public void Add(DateOnly day, long amount)
    {
        Amount = Day == day ? Amount + amount : amount;
        Day = day;
    }
}

/// <summary>A status change with who made it and why (资格管理).</summary>
public sealed class StatusChange
{
    public string Status { get; set; } = "";

    public string Reason { get; set; } = "";

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>An operation id this member applied recently, with the hash of its request (fast idempotency check).</summary>
public sealed class RecentOperation
{
    public string Id { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>Everything a member grain keeps in memory and persists as one JSON state.</summary>
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

    public string Tier { get; set; } = "regular";

    public DateOnly TierSince { get; set; }

    public long Points { get; set; }

    public long PendingPoints { get; set; }

    public List<PointsLot> Lots { get; set; } = [];

    public List<PendingLot> PendingLots { get; set; } = [];

    /// <summary>Points owed after a refund took back points already spent; later earning pays it off first.</summary>
    public long PointsDebt { get; set; }

    public List<MemberCoupon> Coupons { get; set; } = [];

    public List<RefundedLine> Refunded { get; set; } = [];

    public DailyTotal EarnedToday { get; set; } = new();

    public DailyTotal TransferredToday { get; set; } = new();

    public DateOnly? LastCheckIn { get; set; }

    /// <summary>Corporate (单位) members get the program's contract discount and earn no points.</summary>
    public bool Corporate { get; set; }

    /// <summary>Membership validity end (exclusive); null = never expires.</summary>
    public DateOnly? ValidUntil { get; set; }

    /// <summary>Set when an admin merged this duplicate into another member; the record is closed.</summary>
    public string? MergedInto { get; set; }

    /// <summary>Set when a manager fixed the tier by hand (recorded); cleared by the next review.</summary>
    public bool ManualTier { get; set; }

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

    /// <summary>True once the referrer was credited for this member's first purchase (推荐).</summary>
    public bool ReferralCredited { get; set; }

    /// <summary>Duplicates merged into this member; their ledgers hold the history before the merge.</summary>
    public List<string> MergedFrom { get; set; } = [];
}
