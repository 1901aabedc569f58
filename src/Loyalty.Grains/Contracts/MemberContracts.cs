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
[GenerateSerializer, Alias("Loyalty.Actor")]
public sealed record Actor(string Role, string? StoreId, string KeyId);

[GenerateSerializer, Immutable, Alias("Loyalty.RegisterMember")]
public sealed record RegisterMember(
    string MemberId,
    string Name,
    string Phone,
    DateOnly? Birthday,
    string? Gender,
    string? HomeStoreId,
    string? ReferrerMemberId,
    Actor By,
    bool Corporate = false,
    MemberOpening? Opening = null);

/// <summary>
/// A member brought over from another system (bulk import): the opening points (a lot earned on the import day, expiring
/// by the program's policy) and spend (counted on the import day; the tier follows it). <c>Source</c> names the row.
/// </summary>
[GenerateSerializer, Alias("Loyalty.MemberOpening")]
public sealed record MemberOpening(string Source, long Points, decimal Spend, string? CardNumber = null);

[GenerateSerializer, Immutable, Alias("Loyalty.GetMember")]
public sealed record GetMember(bool IncludeHistory = false);

[GenerateSerializer, Immutable, Alias("Loyalty.ChangeMemberStatus")]
public sealed record ChangeMemberStatus(string Status, string Reason, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.AttachCard")]
public sealed record AttachCard(string CardNumber, string? ReplacesCardNumber);

[GenerateSerializer, Immutable, Alias("Loyalty.TierProgressView")]
public sealed record TierProgressView(string Tier, string? NextTier, decimal SpendToNextTier, decimal SpendToKeepTier, DateOnly? ReviewOn);

[GenerateSerializer, Alias("Loyalty.PointsView")]
public sealed record PointsView(long Available, long Pending);

[GenerateSerializer, Alias("Loyalty.StatusChangeView")]
public sealed record StatusChangeView(string Status, string Reason, string By, DateTimeOffset At, bool OwnRequest = false);

/// <summary>The member as the API shows it (phone masking is applied at the edge, per role).</summary>
[GenerateSerializer, Alias("Loyalty.MemberView")]
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
    MemberHouseholdView? Household = null,
    string? Address = null,
    string? Email = null,
    ContactPreferencesView? ContactPreferences = null,
    long PointsDebt = 0);

/// <summary>Phone index entry: which member owns a phone number.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ClaimPhone")]
public sealed record ClaimPhone(string MemberId);

[GenerateSerializer, Alias("Loyalty.PhoneOwner")]
public sealed record PhoneOwner(string? MemberId);

[GenerateSerializer, Immutable, Alias("Loyalty.ReleasePhone")]
public sealed record ReleasePhone(string MemberId);

/// <summary>Puts a coupon into the member's wallet (welcome, birthday, manual, gift).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.IssueCoupon")]
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

[GenerateSerializer, Immutable, Alias("Loyalty.ListCoupons")]
public sealed record ListCoupons(bool IncludeUsed = false);

[GenerateSerializer, Alias("Loyalty.CouponView")]
public sealed record CouponView(
    string CouponCode, string TemplateId, string Name, string Kind, decimal Amount, decimal Percent, decimal MinSpend,
    DateOnly ValidFrom, DateOnly ValidTo, string Source, string? UsedByCheckoutId);

[GenerateSerializer, Alias("Loyalty.CouponList")]
public sealed record CouponList(IReadOnlyList<CouponView> Coupons);
