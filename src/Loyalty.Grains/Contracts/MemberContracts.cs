namespace Loyalty.Grains.Contracts;

/// <summary>Member statuses (资格管理).</summary>
public static class MemberStatus
{
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Cancelled = "cancelled";

    public static bool IsKnown(string? status) => status is Active or Frozen or Cancelled;
}

/// <summary>Who acts: recorded with every status change and manual operation.</summary>
public sealed record Actor(string Role, string? StoreId, string KeyId);

public sealed record RegisterMember(
    string MemberId,
    string Name,
    string Phone,
    DateOnly? Birthday,
    string? Gender,
    string? HomeStoreId,
    string? ReferrerMemberId,
    Actor By,
    bool Corporate = false);

public sealed record GetMember(bool IncludeHistory = false);

public sealed record ChangeMemberStatus(string Status, string Reason, Actor By);

public sealed record AttachCard(string CardNumber, string? ReplacesCardNumber);

public sealed record TierProgressView(string Tier, string? NextTier, decimal SpendToNextTier, decimal SpendToKeepTier, DateOnly? ReviewOn);

public sealed record PointsView(long Available, long Pending);

public sealed record StatusChangeView(string Status, string Reason, string By, DateTimeOffset At);

/// <summary>The member as the API shows it (phone masking is applied at the edge, per role).</summary>
public sealed record MemberView(
    string MemberId,
    string Name,
    string Phone,
    DateOnly? Birthday,
    string? Gender,
    string? HomeStoreId,
    string Status,
    string Tier,
    PointsView Points,
    decimal QualifyingSpend,
    string? HouseholdId,
    IReadOnlyList<string> Cards,
    DateTimeOffset JoinedAt,
    TierProgressView TierProgress,
    IReadOnlyList<StatusChangeView> StatusHistory,
    MemberHouseholdView? Household = null);

/// <summary>Phone index entry: which member owns a phone number.</summary>
public sealed record ClaimPhone(string MemberId);

public sealed record PhoneOwner(string? MemberId);

public sealed record ReleasePhone(string MemberId);

/// <summary>Puts a coupon into the member's wallet (welcome, birthday, manual, gift).</summary>
public sealed record IssueCoupon(
    string CouponCode,
    string TemplateId,
    string Name,
    string Kind,
    decimal Amount,
    decimal Percent,
    decimal MinSpend,
    DateOnly ValidFrom,
    DateOnly ValidTo,
    string Source,
    Actor By);

public sealed record ListCoupons(bool IncludeUsed = false);

public sealed record CouponView(
    string CouponCode, string TemplateId, string Name, string Kind, decimal Amount, decimal Percent, decimal MinSpend,
    DateOnly ValidFrom, DateOnly ValidTo, string Source, string? UsedByCheckoutId);

public sealed record CouponList(IReadOnlyList<CouponView> Coupons);
