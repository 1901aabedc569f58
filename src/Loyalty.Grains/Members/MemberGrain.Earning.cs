using Loyalty.Domain;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Members;

/// <summary>
/// Non-purchase earning (domain.md §3): daily check-in (签到), product reviews and referrals (推荐). All of it goes
/// through <see cref="CreditPoints"/>, so the daily cap, debt, pending days and expiry lots apply as at checkout.
/// </summary>
public sealed partial class MemberGrain
{
    public async Task<PointsOperationResult> CheckIn(CheckIn request)
    {
        EnsureExists();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        var operationId = $"check-in:{today:yyyy-MM-dd}";
        if (State.LastCheckIn == today && await StoredOperation(operationId) is { } first)
        {
            // Once per program day: a second check-in answers the first without earning.
            return first.Result;
        }
        EnsureCanTransact();
        State.LastCheckIn = today;
        return await Earn(program, today, operationId, "check-in", PointsOperationKinds.CheckIn, program.CheckInPoints, "daily check-in", request.By);
    }

    public async Task<PointsOperationResult> CreditReview(CreditReview request)
    {
        EnsureExists();
        var operationId = $"review:{request.ReviewId}";
        if (await RepeatOf(operationId, request.RequestHash) is { } repeat)
        {
            return repeat;
        }
        EnsureCanTransact();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        return await Earn(program, today, operationId, request.RequestHash, PointsOperationKinds.Review, program.ReviewPoints,
            request.Sku is null ? "product review" : $"review of {request.Sku}", request.By);
    }

    public async Task<PointsOperationResult> CreditReferral(CreditReferral request)
    {
        EnsureExists();
        if (await RepeatOf(request.ReferralId, request.NewMemberId) is { } repeat)
        {
            return repeat;
        }
        EnsureCanTransact();
        var program = programs.Current;
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        return await Earn(program, today, request.ReferralId, request.NewMemberId, PointsOperationKinds.Referral, program.ReferralPoints,
            "referred member's first purchase", request.By, request.NewMemberId);
    }

    public Task<ReferralInfo> Referral(GetReferral request)
    {
        EnsureExists();
        return Task.FromResult(new ReferralInfo(State.ReferrerMemberId, State.ReferralCredited));
    }

    public Task<ReferralInfo> MarkReferralCredited(MarkReferralCredited request)
    {
        EnsureExists();
        if (!State.ReferralCredited)
        {
            State.ReferralCredited = true;
            MarkChanged();
        }
        return Task.FromResult(new ReferralInfo(State.ReferrerMemberId, State.ReferralCredited));
    }

    private async Task<PointsOperationResult> Earn(ProgramSettings program, DateOnly today, string operationId, string requestHash, string kind,
        long points, string note, Actor by, string? counterparty = null)
    {
        if (Household is not null)
        {
            // Earned points go to the household pool (after this member's own cap and debt).
            var capped = WithinDailyCap(program, today, points);
            var toDebt = Math.Min(State.PointsDebt, capped);
            var pool = await ToPool(operationId, kind, by.StoreId, earn: capped - toDebt);
            State.EarnedToday.Add(today, capped);
            State.LifetimePointsEarned += capped;
            State.PointsDebt -= toDebt;
            return RecordOperation(operationId, requestHash, kind, pool!.Earned - pool.ToPending, pool.ToPending,
                new PointsLedgerNote(note, by.KeyId, counterparty, Earned: capped), by.StoreId, pool: pool);
        }
        var credit = CreditPoints(program, today, points, operationId);
        return RecordOperation(operationId, requestHash, kind, credit.ToAvailable, credit.ToPending,
            new PointsLedgerNote(note, by.KeyId, counterparty, Earned: credit.Capped), by.StoreId);
    }
}
