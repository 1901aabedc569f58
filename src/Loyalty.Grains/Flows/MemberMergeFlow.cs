using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Persistence;

namespace Loyalty.Grains.Flows;

/// <summary>
/// Merging a duplicate member into a survivor (an admin decision): two members, their cards and the phone index. No
/// grain can own it — members never call members, and a member never calls its cards (call order Card → Member).
/// Duplicate exports and closes (committed) → survivor absorbs (idempotent per merge id) → cards re-homed → the
/// duplicate's phone points to the survivor. A retry with the same merge id completes an interrupted merge.
/// </summary>
public sealed class MemberMergeFlow(IGrainFactory grains)
{
    /// <summary>The survivor is checked (active) by the edge first, so a closed duplicate is never left without a taker.</summary>
    public async Task<MergeResult> MergeAsync(string mergeId, string survivorId, string duplicateId, Actor by)
    {
        var export = await grains.GetGrain<IMemberGrain>(duplicateId).ExportForMerge(new ExportForMerge(mergeId, survivorId, by));
        MemberView absorbed;
        try
        {
            absorbed = await grains.GetGrain<IMemberGrain>(survivorId).AbsorbMerge(new AbsorbMerge(export, by));
        }
        catch (DuplicateOperationException)
        {
            // Absorbed before (the ledger row exists): the merge is done on this side.
            absorbed = (await grains.GetGrain<IMemberGrain>(survivorId).Get(new GetMember()))!;
        }
        foreach (var card in export.Cards)
        {
            await grains.GetGrain<ICardGrain>(card).Rehome(new RehomeCard(survivorId, export.MergeId, by));
        }
        // The duplicate's phone now finds the survivor (with the survivor's name), and cannot be registered again.
        var phone = grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(export.Phone));
        await phone.Release(new ReleasePhone(duplicateId));
        await phone.Claim(new ClaimPhone(survivorId));
        return new MergeResult(export.MergeId, survivorId, duplicateId, export.Points, export.PendingPoints, export.PointsDebt,
            export.Spend.Lifetime, export.Cards, absorbed);
    }
}
