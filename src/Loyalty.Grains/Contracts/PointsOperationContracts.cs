using Loyalty.Domain.Points;

namespace Loyalty.Grains.Contracts;

/// <summary>
/// The answer to a non-checkout points operation (transfer, adjustment, earning, redemption, undo). Stored with the
/// operation so a repeat with the same id answers exactly this.
/// </summary>
[GenerateSerializer, Alias("Loyalty.PointsOperationResult")]
public sealed record PointsOperationResult(
    string OperationId,
    string MemberId,
    string Kind,
    long PointsDelta,
    long PendingDelta,
    long PointsBalance,
    long PendingBalance,
    DateTimeOffset At,
    string? CounterpartyId = null,
    string? Note = null,
    string? RefusalCode = null);

/// <summary>
/// What is stored per points operation (document "points-operations", id <c>{memberId}/{operationId}</c>): the request
/// hash, the answer (a refusal a receiver decided included) and the lots a debit took, so an undo puts back the same lots.
/// </summary>
[GenerateSerializer, Alias("Loyalty.PointsOperationRecord")]
public sealed record PointsOperationRecord(
    string OperationId,
    string MemberId,
    string RequestHash,
    PointsOperationResult Result,
    IReadOnlyList<PointsLot>? LotsTaken = null,
    string? HouseholdId = null);

/// <summary>Giver side of a transfer (积分转赠): debits the giver within the daily limit; operation id = transfer id.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.TransferOut")]
public sealed record TransferOut(string TransferId, string RequestHash, string ToMemberId, long Points, Actor By);

/// <summary>Receiver side of a transfer (operation <c>transfer:{id}</c>); a refusal is recorded so every retry gets the same answer.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.TransferIn")]
public sealed record TransferIn(string TransferId, string RequestHash, string FromMemberId, long Points, Actor By);

/// <summary>Puts back what a committed debit (transfer or gift redemption) took; operation <c>{operationId}:undo</c>.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.UndoDebit")]
public sealed record UndoDebit(string OperationId, string Reason, Actor By);

/// <summary>A manual adjustment (±points) with a reason; the edge has checked the caller's limit.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.AdjustPoints")]
public sealed record AdjustPoints(string AdjustmentId, string RequestHash, long Points, string Reason, Actor By);

/// <summary>Daily check-in (签到): once per program day.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CheckIn")]
public sealed record CheckIn(Actor By);

/// <summary>A product review earns the program's review points once per review id.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CreditReview")]
public sealed record CreditReview(string ReviewId, string RequestHash, string? Sku, Actor By);

/// <summary>Referral points for the referrer (推荐), once per referral id (<c>referral:{newMemberId}</c>).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.CreditReferral")]
public sealed record CreditReferral(string ReferralId, string NewMemberId, Actor By);

/// <summary>Asks a member whether a referral is still owed to its referrer.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.GetReferral")]
public sealed record GetReferral;

[GenerateSerializer, Alias("Loyalty.ReferralInfo")]
public sealed record ReferralInfo(string? ReferrerMemberId, bool Credited);

/// <summary>Records that the referrer was credited, so later checkouts skip the referral step.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.MarkReferralCredited")]
public sealed record MarkReferralCredited(string ReferralId);

/// <summary>A gift redemption (礼品兑换): quantity × points per item, debited from the oldest lots.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.RedeemGift")]
public sealed record RedeemGift(string RedemptionId, string RequestHash, string CatalogItemId, int Quantity, long PointsPerItem, Actor By);
