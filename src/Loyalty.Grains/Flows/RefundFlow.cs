using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;

namespace Loyalty.Grains.Flows;

/// <summary>
/// A refund (退货) of a committed checkout: the member reverses points and spend, then the stored value paid goes back
/// to the card. Two steps because a member never calls its card (call order Card → Member); the second is idempotent
/// per refund id, so a retry of the same refund completes an interrupted one.
/// </summary>
public sealed class RefundFlow(IGrainFactory grains)
{
    public async Task<RefundReceipt> RefundAsync(RefundCheckout request)
    {
        var receipt = await grains.GetGrain<IMemberGrain>(request.Checkout.MemberId).Refund(request);
        if (receipt.StoredValueRefunded > 0 && receipt.CardNumber is { } card)
        {
            await grains.GetGrain<ICardGrain>(card).RefundStoredValue(new RefundToCard(receipt.RefundId, receipt.CheckoutId, receipt.StoredValueRefunded, request.By));
        }
        return receipt;
    }
}
