using Loyalty.Domain;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Members;

/// <summary>
/// Gift redemption (礼品兑换), member side: checks the window and the points, debits the soonest-expiring lots and
/// commits before the host reserves stock; if stock is refused the host undoes it (<see cref="UndoDebit"/>).
/// Points only ever buy gifts or pay at checkout, never cash (积分不可兑现).
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<PointsOperationResult> RedeemGift(RedeemGift request)
    {
        EnsureExists();
        if (await RepeatOf(request.RedemptionId, request.RequestHash) is { } repeat)
        {
            return repeat;
        }
        EnsureCanTransact();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        if (!program.IsRedemptionOpen(today))
        {
            throw new DomainException(ErrorCodes.RedemptionClosed,
                $"Gifts can be redeemed in months {string.Join(", ", program.RedemptionMonths)} only.");
        }
        var points = checked(request.PointsPerItem * request.Quantity);
        if (await ToPool(request.RedemptionId, PointsOperationKinds.Redemption, request.By.StoreId, spend: points) is { } pool)
        {
            return RecordOperation(request.RedemptionId, request.RequestHash, PointsOperationKinds.Redemption, -points, 0,
                new PointsLedgerNote("gift redemption from the household pool", request.By.KeyId, CatalogItemId: request.CatalogItemId,
                    Quantity: request.Quantity), request.By.StoreId, pool: pool);
        }
        var lots = DebitTracked(points);
        return RecordOperation(request.RedemptionId, request.RequestHash, PointsOperationKinds.Redemption, -points, 0,
            new PointsLedgerNote("gift redemption", request.By.KeyId, CatalogItemId: request.CatalogItemId, Quantity: request.Quantity),
            request.By.StoreId, lots);
    }
}
