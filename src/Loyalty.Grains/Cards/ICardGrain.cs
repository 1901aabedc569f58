using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Cards;

/// <summary>A member card (会员卡): status, stored value, and the entry point of a card checkout (Card → Member).</summary>
[Alias("Loyalty.ICardGrain")]
public interface ICardGrain : IGrainWithStringKey
{
    [Alias("Issue")]
    Task<CardView> Issue(IssueCard request);

    /// <summary>The card, or null when no card has this number.</summary>
    [Alias("Get")]
    Task<CardView?> Get(GetCard request);

    [Alias("ReportLost")]
    Task<CardView> ReportLost(ReportCardLost request);

    /// <summary>Marks this card replaced by another and hands over its stored value (first step of 补卡).</summary>
    [Alias("Replace")]
    Task<CardView> Replace(ReplaceCard request);

    /// <summary>Becomes the replacement of an old card (second step of 补卡); idempotent per old card.</summary>
    [Alias("TakeOver")]
    Task<CardView> TakeOver(TakeOverCard request);

    /// <summary>Withdraws a loss report (the card was found).</summary>
    [Alias("Found")]
    Task<CardView> Found(ReportCardFound request);

    [Alias("ChargeFee")]
    Task<CardView> ChargeFee(ChargeCardFee request);

    [Alias("Checkout")]
    Task<Receipt> Checkout(MemberCheckout request);

    [Alias("TopUp")]
    Task<TopUpResult> TopUp(TopUpCard request);

    [Alias("RefundStoredValue")]
    Task<CardView> RefundStoredValue(RefundToCard request);

    /// <summary>Member merge: the card now belongs to the survivor (same number, status and stored value).</summary>
    [Alias("Rehome")]
    Task<CardView> Rehome(RehomeCard request);
}
