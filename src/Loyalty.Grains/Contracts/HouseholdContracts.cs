using Loyalty.Domain.Points;

namespace Loyalty.Grains.Contracts;

/// <summary>Household kinds (家庭主辅卡 / 情侣卡 / 单位卡).</summary>
public static class HouseholdKinds
{
    public const string Family = "family";
    public const string Couple = "couple";
    public const string Corporate = "corporate";

    public static bool IsKnown(string? kind) => kind is Family or Couple or Corporate;
}

public static class HouseholdRoles
{
    public const string Primary = "primary";
    public const string Secondary = "secondary";
}

/// <summary>Asks a member to join (or, as primary, to found) a household; the member grain moves its points.</summary>
/// <param name="PoolCardNumber">For the founder: the designated card the pool lands on (a couple card's 主卡), or null.</param>
[GenerateSerializer, Immutable, Alias("Loyalty.JoinHouseholdRequest")]
public sealed record JoinHouseholdRequest(
    string HouseholdId, string Role, bool CanSpend, long? DailySpendLimit, string Kind, decimal? ContractDiscountRate, Actor By,
    string? PoolCardNumber = null);

/// <summary>What the member brings into the pool (sent by the member grain, idempotent per operation id).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.JoinHousehold")]
public sealed record JoinHousehold(
    string OperationId, string MemberId, string Role, bool CanSpend, long? DailySpendLimit, string Kind, decimal? ContractDiscountRate,
    IReadOnlyList<PointsLot> Lots, IReadOnlyList<PendingLot> Pending, Actor By, string? PoolCardNumber = null);

[GenerateSerializer, Alias("Loyalty.JoinResult")]
public sealed record JoinResult(long PointsMoved, long PendingMoved, HouseholdView Household);

/// <summary>A member leaves (or is removed); with <c>Dissolve</c> the primary takes everything left.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.LeaveHouseholdRequest")]
public sealed record LeaveHouseholdRequest(string HouseholdId, bool Dissolve, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.LeaveHousehold")]
public sealed record LeaveHousehold(string OperationId, string MemberId, bool Dissolve, Actor By);

/// <summary>The points a leaving member takes out, lots with their expiry dates.</summary>
[GenerateSerializer, Alias("Loyalty.LeaveResult")]
public sealed record LeaveResult(IReadOnlyList<PointsLot> Lots, IReadOnlyList<PendingLot> Pending, HouseholdView Household);

/// <summary>
/// A change to the pool made by one member's operation (checkout, refund, check-in…): spend, then earn,
/// optionally take back earned points and return redeemed ones (refunds). Idempotent per operation id.
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.PoolOperation")]
public sealed record PoolOperation(
    string OperationId, string MemberId, string Kind, string? StoreId,
    long Spend, long Earn, long TakeBack = 0, long Return = 0, string? TakeBackFromOperation = null, bool EnforceLimits = true);

/// <param name="ActivationId">The household activation that answered (before its commit): see IHouseholdGrain.AwaitDurable.</param>
[GenerateSerializer, Alias("Loyalty.PoolResult")]
public sealed record PoolResult(long Available, long Pending, long Debt, long Earned, long ToPending, long Spent, long TakenBack, long Returned,
    string ActivationId);

[GenerateSerializer, Immutable, Alias("Loyalty.GetHousehold")]
public sealed record GetHousehold(string? ForMemberId = null);

/// <summary>A member's card was replaced (补卡): if it was the card the pool lands on, the new card is.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReplacePoolCard")]
public sealed record ReplacePoolCard(string OldCardNumber, string NewCardNumber);

[GenerateSerializer, Alias("Loyalty.HouseholdMemberView")]
public sealed record HouseholdMemberView(string MemberId, string Role, bool CanSpend, long? DailySpendLimit, long Earned, long Spent, long SpentToday);

[GenerateSerializer, Alias("Loyalty.HouseholdView")]
public sealed record HouseholdView(
    string HouseholdId, string Kind, string PrimaryMemberId, IReadOnlyList<HouseholdMemberView> Members, PointsView Points,
    long Debt, decimal? ContractDiscountRate, bool Dissolved, string? PoolCardNumber = null);

/// <summary>The household as a member sees it: the pool they may spend today.</summary>
[GenerateSerializer, Alias("Loyalty.MemberHouseholdView")]
public sealed record MemberHouseholdView(string HouseholdId, string Kind, string Role, bool CanSpend, long? DailySpendLimit,
    long PoolAvailable, long PoolPending, long SpendableToday);
