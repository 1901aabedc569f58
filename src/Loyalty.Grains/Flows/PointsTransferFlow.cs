using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Flows;

/// <summary>A transfer as the edge asks for it: validated, the caller allowed, both members known.</summary>
public sealed record PointsTransfer(string TransferId, string RequestHash, string FromMemberId, string ToMemberId, long Points, Actor By);

/// <summary>
/// A transfer as both sides recorded it, or the receiver's refusal code (the giver's points were given back then).
/// </summary>
public sealed record PointsTransferOutcome(PointsOperationResult Debit, PointsOperationResult Credit, string? RefusalCode);

/// <summary>
/// Points transfer (积分转赠) between two members. It lives outside the member grain because members never call
/// members (call order rule): the giver debits and commits, then the receiver credits; a receiver that is not active is
/// compensated by an undo on the giver. Every step is idempotent, so a retry with the same transfer id completes
/// whatever a failure interrupted and answers what the first run answered.
/// </summary>
public sealed class PointsTransferFlow(IGrainFactory grains, ILedgerStore storage)
{
    public async Task<PointsTransferOutcome> TransferAsync(PointsTransfer transfer)
    {
        var (transferId, hash, from, to, points, actor) = transfer;
        var giver = grains.GetGrain<IMemberGrain>(from);
        var debit = await PointsOperations.Once(() => giver.TransferOut(new TransferOut(transferId, hash, to, points, actor)),
            storage, from, transferId, hash);
        var credit = await PointsOperations.Once(
            () => grains.GetGrain<IMemberGrain>(to).TransferIn(new TransferIn(transferId, hash, from, points, actor)),
            storage, to, $"transfer:{transferId}", hash);
        if (credit.RefusalCode is { } refused)
        {
            await PointsOperations.Once(() => giver.UndoDebit(new UndoDebit(transferId, "receiver not active", actor)),
                storage, from, $"{transferId}:undo", "undo");
            return new PointsTransferOutcome(debit, credit, refused);
        }
        return new PointsTransferOutcome(debit, credit, null);
    }
}
