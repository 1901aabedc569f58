using Loyalty.Domain;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Card flows between two cards: issuing a card whose fee is paid from another card's stored value, and a replacement
/// (the old card hands over, the new one takes over). A card never calls another card, so the steps run here; each is
/// idempotent (fee id <c>card-fee:{number}</c>, take-over <c>replace:{old}</c>), so a retry completes an interrupted one.
/// </summary>
public sealed class CardFlow(IGrainFactory grains)
{
    /// <summary>
    /// Issues the card, charging the card fee first when it is paid from stored value (given back if the issue fails,
    /// so the member never pays for a card they do not get).
    /// </summary>
    public async Task<CardView> IssueAsync(ProgramSettings program, string number, string memberId, string type,
        string? feePaidWith, string? feeCardNumber, Actor actor)
    {
        var fee = program.CardFee;
        if (fee <= 0)
        {
            return await grains.GetGrain<ICardGrain>(number).Issue(new IssueCard(memberId, type, actor));
        }
        if (feePaidWith != FeePayment.StoredValue)
        {
            return await grains.GetGrain<ICardGrain>(number).Issue(new IssueCard(memberId, type, actor, fee, FeePayment.Counter));
        }
        var payer = feeCardNumber is null ? null : await grains.GetGrain<ICardGrain>(feeCardNumber).Get(new GetCard());
        if (payer is null || payer.MemberId != memberId || payer.Type != CardTypes.StoredValue)
        {
            throw new DomainException(ErrorCodes.Validation, "feeCardNumber: a storedValue card of the same member pays the card fee.");
        }
        var feeCard = grains.GetGrain<ICardGrain>(feeCardNumber!);
        var feeId = $"card-fee:{number}";
        await feeCard.ChargeFee(new ChargeCardFee(feeId, fee, $"card fee for {number}", actor));
        try
        {
            return await grains.GetGrain<ICardGrain>(number).Issue(new IssueCard(memberId, type, actor, fee, FeePayment.StoredValue, feeCardNumber));
        }
        catch
        {
            await feeCard.ChargeFee(new ChargeCardFee(feeId, fee, $"card fee for {number}", actor, Reverse: true));
            throw;
        }
    }

    /// <summary>Carries a replacement out: the old card hands over (after any fee from its stored value), the new card takes over.</summary>
    public async Task<CardView> ReplaceAsync(string cardNumber, string newNumber, string? feePaidWith, DateTimeOffset? askedAt, Actor actor)
    {
        var handedOver = await grains.GetGrain<ICardGrain>(cardNumber).Replace(new ReplaceCard(newNumber, actor, feePaidWith, askedAt));
        return await grains.GetGrain<ICardGrain>(handedOver.ReplacedBy!).TakeOver(new TakeOverCard(
            cardNumber, handedOver.MemberId, handedOver.Type, handedOver.StoredValue.Paid, handedOver.StoredValue.Bonus, actor));
    }
}
