using Loyalty.Domain.Coupons;
using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;

namespace Loyalty.Grains.Contracts;

/// <summary>A manual tier override by a manager or admin (recorded with who and why).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.OverrideTier")]
public sealed record OverrideTier(string Tier, string Reason, Actor By);

/// <summary>First step of a merge: the duplicate hands over everything and closes (idempotent per merge id).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ExportForMerge")]
public sealed record ExportForMerge(string MergeId, string SurvivorId, Actor By);

/// <summary>Everything a duplicate member hands to the survivor of a merge.</summary>
[GenerateSerializer, Alias("Loyalty.MergeExport")]
public sealed record MergeExport(
    string MergeId,
    string DuplicateId,
    string SurvivorId,
    string Phone,
    long Points,
    long PendingPoints,
    long PointsDebt,
    IReadOnlyList<PointsLot> Lots,
    IReadOnlyList<PendingLot> PendingLots,
    IReadOnlyList<MemberCoupon> Coupons,
    IReadOnlyList<string> Cards,
    SpendHistory Spend,
    long LifetimePointsEarned);

/// <summary>Second step of a merge: the survivor takes over the export (idempotent per merge id).</summary>
[GenerateSerializer, Alias("Loyalty.AbsorbMerge")]
public sealed record AbsorbMerge(MergeExport Export, Actor By);

/// <summary>Re-homes a card to the survivor of a merge; the card number stays.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.RehomeCard")]
public sealed record RehomeCard(string MemberId, string MergeId, Actor By);

/// <summary>What a merge did, for the API.</summary>
[GenerateSerializer, Alias("Loyalty.MergeResult")]
public sealed record MergeResult(string MergeId, string SurvivorId, string DuplicateId, long PointsMoved, long PendingMoved,
    long DebtMoved, decimal SpendMoved, IReadOnlyList<string> Cards, MemberView Survivor);

/// <summary>Ledger data of merge rows (merge-out / merge-in).</summary>
[GenerateSerializer, Alias("Loyalty.MergeLedgerNote")]
public sealed record MergeLedgerNote(string OtherMemberId, long Points, long Pending, long Debt, decimal Spend, int Coupons, int Cards, string By);

/// <summary>Ledger data of a manual tier override.</summary>
[GenerateSerializer, Alias("Loyalty.TierOverrideNote")]
public sealed record TierOverrideNote(string From, string To, string Reason, string By);

/// <summary>
/// Ledger data of a points operation (who, why, with whom). <c>Earned</c> is set on earning rows (check-in, review,
/// referral): the points earned after the daily cap, including any that paid off debt (the leaderboard reads it).
/// </summary>
[GenerateSerializer, Alias("Loyalty.PointsLedgerNote")]
public sealed record PointsLedgerNote(string Note, string By, string? CounterpartyId = null, long? Earned = null,
    string? CatalogItemId = null, int? Quantity = null);
