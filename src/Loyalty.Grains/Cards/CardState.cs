using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;
using Loyalty.Persistence;
using System.Text.Json.Serialization.Metadata;
namespace Loyalty.Grains.Cards;

/// <summary>A card's persisted state: owner, type, status and its stored value (paid and bonus kept apart).</summary>
public sealed class CardState : ILedgeredRecord<CardState>
{
    public static JsonTypeInfo<CardState> JsonInfo => GrainJson.Default.CardState;

    /// <summary>Report columns stored beside the state.</summary>
    public GrainSummary Summarize() => new(Status: Status, StoredValue: Paid + Bonus, Owner: MemberId);

    public string CardNumber { get; set; } = "";

    public string MemberId { get; set; } = "";

    public string Type { get; set; } = "standard";

    public string Status { get; set; } = "active";

    public decimal Paid { get; set; }

    public decimal Bonus { get; set; }

    public string? ReplacedBy { get; set; }

    /// <summary>Stored value handed to the replacement card, kept so a retried replacement hands over the same.</summary>
    public decimal HandedOverPaid { get; set; }

    public decimal HandedOverBonus { get; set; }

    public string? Replaces { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>When the card was reported lost (the replacement window counts from it); null when not lost.</summary>
    public DateTimeOffset? LostAt { get; set; }

    /// <summary>Fees paid from this card's stored value, by fee id (idempotency and reversal).</summary>
    public List<StoredValueCharge> Fees { get; set; } = [];

    /// <summary>Recent top-up, charge and refund ids (idempotency); the ledger key is the last defence.</summary>
    public List<string> RecentOperations { get; set; } = [];

    /// <summary>The voucher template of recent top-ups whose band gives one, so a retried top-up still names it; null until one does.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? TopUpVouchers { get; set; }

    /// <summary>Recent stored-value charges with their split, so a refund returns paid and bonus money the same way.</summary>
    public List<StoredValueCharge> Charges { get; set; } = [];
}

/// <summary>One checkout's stored-value charge: paid money is spent first, bonus money last.</summary>
public sealed class StoredValueCharge
{
    public string CheckoutId { get; set; } = "";

    public decimal Paid { get; set; }

    public decimal Bonus { get; set; }

    public decimal RefundedPaid { get; set; }

    public decimal RefundedBonus { get; set; }

    /// <summary>The card's stored value right after the charge: what the checkout's receipt said, and says on a repeat.</summary>
    public decimal BalanceAfter { get; set; }
}

/// <summary>A top-up as recorded (document <c>top-ups</c>): a repeat must ask the same and gets the first answer.</summary>
public sealed record TopUpRecord(string CardNumber, decimal Amount, CardView Answer, string? VoucherTemplateId = null);
