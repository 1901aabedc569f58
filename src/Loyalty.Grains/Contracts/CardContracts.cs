namespace Loyalty.Grains.Contracts;

/// <summary>Card types and statuses (会员卡).</summary>
public static class CardTypes
{
    public const string Standard = "standard";
    public const string StoredValue = "storedValue";
    public const string Corporate = "corporate";

    public static bool IsKnown(string? type) => type is Standard or StoredValue or Corporate;
}

/// <summary>How a fee (工本费, replacement fee) is paid: at the counter (recorded) or from a card's stored value.</summary>
public static class FeePayment
{
    public const string Counter = "counter";
    public const string StoredValue = "storedValue";

    public static bool IsKnown(string? way) => way is Counter or StoredValue;
}

public static class CardStatus
{
    public const string Active = "active";
    public const string Lost = "lost";
    public const string Replaced = "replaced";
}

[GenerateSerializer, Immutable, Alias("Loyalty.IssueCard")]
public sealed record IssueCard(string MemberId, string Type, Actor By, decimal Fee = 0, string? FeePaidWith = null, string? FeeCardNumber = null);

[GenerateSerializer, Immutable, Alias("Loyalty.GetCard")]
public sealed record GetCard;

[GenerateSerializer, Immutable, Alias("Loyalty.ReportCardLost")]
public sealed record ReportCardLost(Actor By);

/// <summary>Step one of a replacement: the old card is marked replaced and hands over its stored value.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReplaceCard")]
public sealed record ReplaceCard(string NewCardNumber, Actor By, string? FeePaidWith = null, DateTimeOffset? AskedAt = null);

/// <summary>The loss report is withdrawn: the card was found and works again.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ReportCardFound")]
public sealed record ReportCardFound(Actor By);

/// <summary>
/// A fee paid from this card's stored value (paid money first, bonus last), idempotent per fee id; <c>Reverse</c> gives
/// a charged fee back the same way (the thing it paid for did not happen).
/// </summary>
[GenerateSerializer, Immutable, Alias("Loyalty.ChargeCardFee")]
public sealed record ChargeCardFee(string FeeId, decimal Amount, string Note, Actor By, bool Reverse = false);

/// <summary>Step two: the new card takes over the old card's member, type and stored value (idempotent per old card).</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.TakeOverCard")]
public sealed record TakeOverCard(string OldCardNumber, string MemberId, string Type, decimal Paid, decimal Bonus, Actor By);

[GenerateSerializer, Immutable, Alias("Loyalty.StoredValueView")]
public sealed record StoredValueView(decimal Paid, decimal Bonus);

[GenerateSerializer, Immutable, Alias("Loyalty.CardView")]
public sealed record CardView(
    string CardNumber,
    string MemberId,
    string Type,
    string Status,
    StoredValueView StoredValue,
    string? ReplacedBy,
    string? ReplacesCardNumber,
    DateTimeOffset IssuedAt,
    DateTimeOffset? LostAt = null);

/// <summary>A top-up (充值): the paid amount plus the program's bonus band; idempotent per top-up id.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.TopUpCard")]
public sealed record TopUpCard(string TopUpId, decimal Amount, string? StoreId, Actor By);

/// <summary>Stored value given back by a refund, split the way the checkout charged it.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.RefundToCard")]
public sealed record RefundToCard(string RefundId, string CheckoutId, decimal Amount, Actor By);

[GenerateSerializer, Alias("Loyalty.CardLedgerView")]
public sealed record CardLedgerView(string Account, decimal Paid, decimal Bonus);

/// <summary>A top-up as the member sees it (Card → Member): a deposit can lift the tier; the answer names the tier the bonus band is read for.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.DepositToMember")]
public sealed record DepositToMember(string TopUpId, string CardNumber, decimal Amount, decimal BalanceBefore, string? StoreId);

/// <summary>What a deposit did on the member: the tier before it (whose bonus bands apply) and after it.</summary>
[GenerateSerializer, Alias("Loyalty.DepositResult")]
public sealed record DepositResult(string TierBefore, string TierAfter);

/// <summary>A card's stored value changed (Card → Member), so the member knows its balance for the balance tier rule.</summary>
[GenerateSerializer, Immutable, Alias("Loyalty.NoteStoredValue")]
public sealed record NoteStoredValue(string CardNumber, decimal Balance);

/// <summary>A top-up's answer inside the grains: the card, and the voucher template its band gives (issued by the host).</summary>
[GenerateSerializer, Alias("Loyalty.TopUpResult")]
public sealed record TopUpResult(CardView Card, string? VoucherTemplateId);
