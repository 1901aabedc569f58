using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Load;

// Request bodies of api.md, and only the response fields the tool reads (the rest is skipped when parsing).
public sealed record LineBody(string Sku, string Category, decimal Quantity, decimal UnitPrice, bool? SpecialPrice);

public sealed record CheckoutBody(string CheckoutId, string StoreId, string? CardNumber, string? MemberId, IReadOnlyList<LineBody> Lines, long? RedeemPoints);

public sealed record ReceiptLite(string CheckoutId, string MemberId, long PointsEarned, long PointsRedeemed, long PointsBalance);

public sealed record PointsLite(long Available, long Pending);

public sealed record MemberLite(string MemberId, PointsLite Points);

public sealed record LedgerEntryLite(long Sequence, string OperationId, string Kind, long PointsDelta, long PointsAfter);

public sealed record LedgerLite(List<LedgerEntryLite> Entries, long? NextBefore);

public sealed record ProblemLite(string? Code, string? Title);

public sealed record PromotionBody(string PromotionId, string Name, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal PointsMultiplier);

public sealed record TopUpBody(string TopUpId, decimal Amount);

public sealed record HouseholdCreateBody(string PrimaryMemberId);

public sealed record HouseholdMemberBody(string MemberId, bool? CanSpend);

public sealed record HouseholdLite(string HouseholdId, PointsLite? Points);

public sealed record ImportRowBody(string RowId, string MemberId, string Name, string Phone, string? Birthday, string HomeStoreId,
    string CardNumber, string CardType, long OpeningPoints);

public sealed record ImportTotalsLite(long Rows, long Imported, long Exists, long Errors, double Seconds);

public sealed record ImportResultLite(string? RowId, string Status, string? Error, long Line);

public sealed record ImportResponseLite(List<ImportResultLite> Results, ImportTotalsLite Totals);

/// <summary>Source-generated JSON: the load tool shares the CPU with the host it measures, so it stays cheap.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckoutBody))]
[JsonSerializable(typeof(ReceiptLite))]
[JsonSerializable(typeof(MemberLite))]
[JsonSerializable(typeof(LedgerLite))]
[JsonSerializable(typeof(ProblemLite))]
[JsonSerializable(typeof(PromotionBody))]
[JsonSerializable(typeof(TopUpBody))]
[JsonSerializable(typeof(HouseholdCreateBody))]
[JsonSerializable(typeof(HouseholdMemberBody))]
[JsonSerializable(typeof(HouseholdLite))]
[JsonSerializable(typeof(ImportRowBody))]
[JsonSerializable(typeof(ImportResponseLite))]
[JsonSerializable(typeof(Dictionary<string, object>))]
public sealed partial class WireJson : JsonSerializerContext;
