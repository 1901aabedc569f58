using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;

namespace Loyalty.Grains.Flows;

/// <summary>
/// A top-up (充值): the card takes the money and its bonus band; when the band comes with a voucher, the card's member
/// gets the coupon afterwards, as a step of its own: the card's commit does not wait on the member, and the coupon's code
/// is made from the top-up id, so a repeated top-up issues nothing new and a retry finishes a voucher a failure left out.
/// </summary>
public sealed class TopUpFlow(IGrainFactory grains, IProgramProvider programs, ICouponTemplates templates, TimeProvider time)
{
    public async Task<CardView> TopUpAsync(string cardNumber, TopUpCard request)
    {
        var result = await grains.GetGrain<ICardGrain>(cardNumber).TopUp(request);
        if (result.VoucherTemplateId is { } voucher && templates.Find(voucher) is { } template)
        {
            await CouponIssues.Issue(grains, programs.Current, time.GetUtcNow(), result.Card.MemberId, template,
                $"TOPUP-{request.TopUpId}", "top-up", request.By);
        }
        return result.Card;
    }
}
