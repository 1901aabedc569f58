using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Notifications;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>Manual points adjustments and manual tier overrides: staff decisions, recorded with who and why.</summary>
public sealed partial class MemberGrain
{
    public async Task<PointsOperationResult> AdjustPoints(AdjustPoints request)
    {
        EnsureExists();
        if (await RepeatOf(request.AdjustmentId, request.RequestHash) is { } repeat)
        {
            return repeat;
        }
        EnsureCanTransact();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        var note = new PointsLedgerNote(request.Reason, request.By.KeyId);
        if (request.Points < 0)
        {
            // A deduction never takes the balance below zero (insufficient_points).
            var lots = DebitTracked(-request.Points);
            return RecordOperation(request.AdjustmentId, request.RequestHash, PointsOperationKinds.Adjustment, request.Points, 0,
                note, request.By.StoreId, lots);
        }
        var credit = CreditNotEarned(program, today, request.Points, request.AdjustmentId);
        return RecordOperation(request.AdjustmentId, request.RequestHash, PointsOperationKinds.Adjustment, credit.ToAvailable, credit.ToPending,
            note, request.By.StoreId);
    }

    public Task<MemberView> OverrideTier(OverrideTier request)
    {
        EnsureExists();
        EnsureCanTransact();
        var program = programs.Current;
        if (!program.HasTier(request.Tier))
        {
            throw new DomainException(ErrorCodes.Validation, $"The program has no tier '{request.Tier}'.");
        }
        var now = Time.GetUtcNow();
        var from = State.Tier;
        State.TierStatus.Override(request.Tier, ProgramCalendar.Today(program, now));
        // No id in the request: each override is its own event, so the operation id only has to be unique.
        var operationId = $"tier-override:{Guid.NewGuid():N}";
        AppendLedger(new LedgerRow(Account, operationId, "tier", now, request.By.StoreId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new TierOverrideNote(from, request.Tier, request.Reason, request.By.KeyId), GrainJson.Default.TierOverrideNote)));
        if (from != request.Tier)
        {
            Notify(NotificationKinds.TierChanged, operationId, new TierLedgerNote(from, request.Tier, "manual"));
        }
        return Task.FromResult(View());
    }
}
