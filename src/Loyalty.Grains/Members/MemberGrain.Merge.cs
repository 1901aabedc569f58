using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Domain.Points;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Member merge, both sides. The duplicate exports everything and closes in one commit (cancelled, MergedInto set,
/// ledger row <c>merge-out</c>); the survivor absorbs the export in one commit (ledger row <c>merge-in</c>), so both
/// accounts still equal the sum of their ledger rows. Both steps are idempotent per merge id; the host orchestrates.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<MergeExport> ExportForMerge(ExportForMerge request)
    {
        EnsureExists();
        if (State.MergedInto is { } into)
        {
            if (into != request.SurvivorId)
            {
                throw new DomainException(ErrorCodes.Conflict, "This member was already merged into another member.");
            }
            var stored = await Storage.ReadDocumentAsync(Documents.Merges, request.MergeId)
                ?? throw new DomainException(ErrorCodes.Conflict, "This member was merged under another merge id.");
            return JsonSerializer.Deserialize(stored.BodyJson, GrainJson.Default.MergeExport)!;
        }
        if (request.SurvivorId == Key)
        {
            throw new DomainException(ErrorCodes.Validation, "A member cannot be merged into itself.");
        }
        if (State.HouseholdId is not null)
        {
            throw new DomainException(ErrorCodes.HouseholdLimit, "The duplicate belongs to a household; it must leave it first.");
        }
        var now = Time.GetUtcNow();
        var export = new MergeExport(request.MergeId, Key, request.SurvivorId, State.Phone, State.Points, State.PendingPoints, State.PointsDebt,
            State.Lots, State.PendingLots, State.Coupons, State.Cards, State.Spend, State.LifetimePointsEarned);
        var spend = State.Spend.Lifetime;
        var mergeOut = new LedgerRow(Account, $"merge:{request.MergeId}", "merge-out", now, request.By.StoreId,
            PointsDelta: -State.Points,
            PendingDelta: -State.PendingPoints,
            SpendDelta: -spend,
            PointsAfter: 0,
            DataJson: JsonSerializer.Serialize(new MergeLedgerNote(request.SurvivorId, State.Points, State.PendingPoints, State.PointsDebt, spend,
                State.Coupons.Count, State.Cards.Count, request.By.KeyId), GrainJson.Default.MergeLedgerNote));
        WriteDocument(new DocumentRow(Documents.Merges, request.MergeId, Key, JsonSerializer.Serialize(export, GrainJson.Default.MergeExport)));

        // Everything now belongs to the survivor; the closed record keeps only the profile and the pointer.
        State.Wallet = new PointsWallet();
        State.CouponPurse = new CouponPurse();
        State.Cards = [];
        State.Spend = new SpendHistory();
        State.LifetimePointsEarned = 0;
        State.MergedInto = request.SurvivorId;
        State.Status = MemberStatus.Cancelled;
        State.StatusHistory.Add(new StatusChange { Status = MemberStatus.Cancelled, Reason = $"merged into {request.SurvivorId}", By = request.By.KeyId, At = now });
        // Appended once the wallet is empty, so a debt handed over is recorded as moved (DebtRows) with the row.
        AppendLedger(mergeOut);
        return export;
    }

    public Task<MemberView> AbsorbMerge(AbsorbMerge request)
    {
        EnsureExists();
        var export = request.Export;
        var operationId = $"merge:{export.MergeId}";
        if (FindRecent(operationId) is not null || State.MergedFrom.Contains(export.DuplicateId))
        {
            return Task.FromResult(View());
        }
        if (export.SurvivorId != Key)
        {
            throw new DomainException(ErrorCodes.Validation, "The export names another survivor.");
        }
        EnsureCanTransact();
        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var tierBefore = State.Tier;

        State.Wallet.Absorb(program, today, export.Lots, export.Points, export.PendingLots, export.PendingPoints, export.PointsDebt);
        State.CouponPurse.Absorb(export.Coupons);
        foreach (var card in export.Cards.Where(c => !State.Cards.Contains(c)))
        {
            State.Cards.Add(card);
        }
        State.Spend.Merge(export.Spend);
        State.Spend.Prune(today, HistoryMonths(program));
        State.LifetimePointsEarned += export.LifetimePointsEarned;
        State.MergedFrom.Add(export.DuplicateId);
        RememberOperation(operationId, export.DuplicateId);
        var spend = export.Spend.Lifetime;
        AppendLedger(new LedgerRow(Account, operationId, "merge-in", now, request.By.StoreId,
            PointsDelta: export.Points,
            PendingDelta: export.PendingPoints,
            SpendDelta: spend,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new MergeLedgerNote(export.DuplicateId, export.Points, export.PendingPoints, export.PointsDebt, spend,
                export.Coupons.Count, export.Cards.Count, request.By.KeyId), GrainJson.Default.MergeLedgerNote)));

        // The combined spend may reach a higher tier at once, as a checkout would; it never lowers the survivor's tier.
        var tierAfter = TierRules.Upgrade(program, tierBefore, Measure(program, today), 0m);
        if (tierAfter != tierBefore)
        {
            ChangeTier(now, today, tierAfter, $"{operationId}:tier", "merge", request.By.StoreId);
        }
        return Task.FromResult(View());
    }
}
