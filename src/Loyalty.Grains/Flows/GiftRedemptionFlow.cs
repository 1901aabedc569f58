using Loyalty.Domain;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Flows;

/// <summary>A gift redemption as the edge asks for it: validated, the caller allowed, the gift found.</summary>
public sealed record GiftRedemption(string RedemptionId, string RequestHash, string MemberId, GiftView Gift, int Quantity, Actor By);

/// <summary>The member's debit as recorded, or <c>out_of_stock</c> when the stock refused (the points were given back then).</summary>
public sealed record GiftRedemptionOutcome(PointsOperationResult Debit, string? RefusalCode);

/// <summary>
/// Gift redemption (礼品兑换): member points and gift stock are two grains and a member never calls a gift, so the flow
/// runs here. The member checks and debits first (committed), then the stock is reserved; stock refused → the points go
/// back (<c>{redemptionId}:undo</c>). A coupon gift is issued afterwards, one per item with codes fixed by the redemption
/// id. Every step is idempotent, so a retry completes an interrupted run and answers what the first run answered.
/// </summary>
public sealed class GiftRedemptionFlow(IGrainFactory grains, ILedgerStore storage, IProgramProvider programs, ICouponTemplates templates,
    TimeProvider time)
{
    public Task<GiftView?> FindGiftAsync(string catalogItemId) => grains.GetGrain<IGiftGrain>(catalogItemId).Get(new GetGift());

    public async Task<GiftRedemptionOutcome> RedeemAsync(GiftRedemption redemption)
    {
        var (redemptionId, hash, memberId, gift, quantity, actor) = redemption;
        var member = grains.GetGrain<IMemberGrain>(memberId);
        var debit = await PointsOperations.Once(
            () => member.RedeemGift(new RedeemGift(redemptionId, hash, gift.CatalogItemId, quantity, gift.PointsPrice, actor)),
            storage, memberId, redemptionId, hash);
        if (!await ReserveAsync(redemptionId, gift.CatalogItemId, quantity))
        {
            await PointsOperations.Once(() => member.UndoDebit(new UndoDebit(redemptionId, "gift out of stock", actor)),
                storage, memberId, $"{redemptionId}:undo", "undo");
            return new GiftRedemptionOutcome(debit, ErrorCodes.OutOfStock);
        }
        if (gift.CouponTemplateId is { } templateId && templates.Find(templateId) is { } template)
        {
            // A coupon as the gift (优惠券 as a gift-catalogue reward): one per item, codes fixed by the redemption id.
            for (var i = 1; i <= quantity; i++)
            {
                await CouponIssues.Issue(grains, programs.Current, time.GetUtcNow(), memberId, template, $"GIFT-{redemptionId}-{i}", "gift", actor);
            }
        }
        return new GiftRedemptionOutcome(debit, null);
    }

    /// <summary>
    /// Takes the items for the redemption; false when the stock is short. A refused reservation is cancelled at once (a
    /// release of that id), so a retry of the same redemption after a restock is refused too and can never get a gift
    /// whose points were already given back.
    /// </summary>
    private async Task<bool> ReserveAsync(string redemptionId, string catalogItemId, int quantity)
    {
        var gift = grains.GetGrain<IGiftGrain>(catalogItemId);
        try
        {
            var reservation = await gift.Reserve(new ReserveGift(redemptionId, quantity));
            return !reservation.Released;
        }
        catch (DomainException e) when (e.Code is ErrorCodes.OutOfStock or ErrorCodes.Conflict)
        {
            await gift.Release(new ReleaseGift(redemptionId));
            return false;
        }
    }
}
