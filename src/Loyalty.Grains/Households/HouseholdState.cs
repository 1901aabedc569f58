using Loyalty.Persistence.Storage;
using Loyalty.Persistence;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using Loyalty.Domain.Points;

namespace Loyalty.Grains.Households;

/// <summary>One member of a household with their permissions and what they put in and took out.</summary>
public sealed class HouseholdMember
{
    public string MemberId { get; set; } = "";

    public string Role { get; set; } = "secondary";

    public bool CanSpend { get; set; } = true;

    public long? DailySpendLimit { get; set; }

    /// <summary>Points this member brought in or earned into the pool.</summary>
    public long Earned { get; set; }

    /// <summary>Points this member spent from the pool.</summary>
    public long Spent { get; set; }

    public DailyTotal SpentToday { get; set; } = new();

    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>The join operation and what it brought, so a repeated join answers the same.</summary>
    public string JoinOperationId { get; set; } = "";

    public long BroughtPoints { get; set; }

    public long BroughtPending { get; set; }
}

/// <summary>What a member took out on leaving, so a repeated leave answers the same.</summary>
public sealed class Departure
{
    public string OperationId { get; set; } = "";

    public string MemberId { get; set; } = "";

    public List<PointsLot> Lots { get; set; } = [];

    public List<PendingLot> Pending { get; set; } = [];
}

/// <summary>A recent pool operation and its result (idempotency: a repeat answers the first result).</summary>
/// <remarks>
/// A busy household keeps 128 of these and writes its whole state on every commit; most amounts are zero, and a
/// missing amount reads back as zero, so zeros are left out of the JSON (it halves the list).
/// </remarks>
public sealed class PoolReceipt
{
    public string OperationId { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Earned { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ToPending { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Spent { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long TakenBack { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Returned { get; set; }
}

/// <summary>
/// The household pool: the single owner of its members' pooled points. The points rules live in <see cref="Wallet"/>;
/// its data is stored under the property names the state always had.
/// </summary>
public sealed class HouseholdState : ILedgeredRecord<HouseholdState>
{
    public static JsonTypeInfo<HouseholdState> JsonInfo => GrainJson.Default.HouseholdState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new(
        Status: Dissolved ? "dissolved" : "active",
        Points: Available,
        PendingPoints: Pending,
        Owner: PrimaryMemberId);

    public string HouseholdId { get; set; } = "";

    public string Kind { get; set; } = "family";

    public string PrimaryMemberId { get; set; } = "";

    public decimal? ContractDiscountRate { get; set; }

    /// <summary>The designated card the pool lands on (a card of the primary member), when the founder named one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PoolCardNumber { get; set; }

    public List<HouseholdMember> Members { get; set; } = [];

    /// <summary>The pooled points; lots carry the member who earned them.</summary>
    [JsonIgnore]
    public PointsWallet Wallet { get; set; } = new();

    // ---- stored names of the wallet's data ----

    public long Available { get => Wallet.Available; set => Wallet.Available = value; }

    public long Pending { get => Wallet.Pending; set => Wallet.Pending = value; }

    public long Debt { get => Wallet.Debt; set => Wallet.Debt = value; }

    public List<PointsLot> Lots { get => Wallet.Lots; set => Wallet.Lots = value; }

    public List<PendingLot> PendingLots { get => Wallet.PendingLots; set => Wallet.PendingLots = value; }

    public List<PoolReceipt> Recent { get; set; } = [];

    /// <summary>The pool's debt as the ledger last recorded it (HouseholdGrain.Debt.cs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long LedgeredDebt { get; set; }

    /// <summary>Members who left, with what they took (rare; kept for idempotent repeats).</summary>
    public List<Departure> Departures { get; set; } = [];

    public bool Dissolved { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
