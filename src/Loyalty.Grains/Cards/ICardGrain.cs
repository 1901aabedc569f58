using Loyalty.Grains.Contracts;
using Loyalty.Runtime;

namespace Loyalty.Grains.Cards;

/// <summary>A member card (会员卡): status, stored value, and the entry point of a card checkout (Card → Member).</summary>
public interface ICardGrain : IGrainWithStringKey
{
    Task<CardView> Issue(IssueCard request);

    /// <summary>The card, or null when no card has this number.</summary>
    Task<CardView?> Get(GetCard request);

    Task<CardView> ReportLost(ReportCardLost request);

    /// <summary>Marks this card replaced by another and hands over its stored value (first step of 补卡).</summary>
    Task<CardView> Replace(ReplaceCard request);

    /// <summary>Becomes the replacement of an old card (second step of 补卡); idempotent per old card.</summary>
    Task<CardView> TakeOver(TakeOverCard request);

    Task<Receipt> Checkout(MemberCheckout request);

    Task<CardView> TopUp(TopUpCard request);

    Task<CardView> RefundStoredValue(RefundToCard request);

    /// <summary>Member merge: the card now belongs to the survivor (same number, status and stored value).</summary>
    Task<CardView> Rehome(RehomeCard request);
}
