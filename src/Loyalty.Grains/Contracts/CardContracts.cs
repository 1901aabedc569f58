namespace Loyalty.Grains.Contracts;

/// <summary>Card types and statuses (会员卡).</summary>
public static class CardTypes
{
    public const string Standard = "standard";
    public const string StoredValue = "storedValue";
    public const string Corporate = "corporate";

    public static bool IsKnown(string? type) => type is Standard or StoredValue or Corporate;
}

public static class CardStatus
{
    public const string Active = "active";
    public const string Lost = "lost";
    public const string Replaced = "replaced";
}

public sealed record IssueCard(string MemberId, string Type, Actor By);

public sealed record GetCard;

public sealed record ReportCardLost(Actor By);

/// <summary>Step one of a replacement: the old card is marked replaced and hands over its stored value.</summary>
public sealed record ReplaceCard(string NewCardNumber, Actor By);

/// <summary>Step two: the new card takes over the old card's member, type and stored value (idempotent per old card).</summary>
public sealed record TakeOverCard(string OldCardNumber, string MemberId, string Type, decimal Paid, decimal Bonus, Actor By);

public sealed record StoredValueView(decimal Paid, decimal Bonus);

public sealed record CardView(
    string CardNumber,
    string MemberId,
    string Type,
    string Status,
    StoredValueView StoredValue,
    string? ReplacedBy,
    string? ReplacesCardNumber,
    DateTimeOffset IssuedAt);

/// <summary>A top-up (充值): the paid amount plus the program's bonus band; idempotent per top-up id.</summary>
public sealed record TopUpCard(string TopUpId, decimal Amount, string? StoreId, Actor By);

/// <summary>Stored value given back by a refund, split the way the checkout charged it.</summary>
public sealed record RefundToCard(string RefundId, string CheckoutId, decimal Amount, Actor By);

public sealed record CardLedgerView(string Account, decimal Paid, decimal Bonus);
