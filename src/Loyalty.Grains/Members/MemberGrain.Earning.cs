using Loyalty.Domain;
using Loyalty.Domain.Outreach;
using Loyalty.Domain.Points;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Members;

/// <summary>
/// Earning (domain.md §3): at checkout and without a purchase — daily check-in (签到), product reviews and referrals
/// (推荐). Earned points pass this member's daily cap and pay this member's debt, then go to the member's wallet or,
/// in a household, to the pool; the wallet applies pending days and expiry lots.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>Points credited to the member's own wallet: what the cap let through, and where it went.</summary>
    private sealed record Credit(long Capped, WalletCredit Wallet);

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
        var streak = CheckInStreak.Next(State.LastCheckIn, State.CheckInStreak, today);
        var bonus = CheckInStreak.Bonus(program, streak);
        State.LastCheckIn = today;
        State.CheckInStreak = streak;
        return await Earn(program, today, operationId, "check-in", PointsOperationKinds.CheckIn, program.CheckInPoints + bonus,
            bonus > 0 ? $"daily check-in, {streak}-day streak bonus {bonus}" : "daily check-in", request.By);
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
        State.ReviewableSkus.Check(program, request.Sku);
        var today = ProgramCalendar.Today(program, Time.GetUtcNow());
        var result = await Earn(program, today, operationId, request.RequestHash, PointsOperationKinds.Review, program.ReviewPoints,
            request.Sku is null ? "product review" : $"review of {request.Sku}", request.By);
        State.ReviewableSkus.Reviewed(program, request.Sku);
        return result;
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
            var (capped, toDebt) = EarningShare(program, today, points);
            var pool = await ToPool(operationId, kind, by.StoreId, earn: capped - toDebt);
            CountEarned(today, capped, toDebt);
            return RecordOperation(operationId, requestHash, kind, pool!.Earned - pool.ToPending, pool.ToPending,
                new PointsLedgerNote(note, by.KeyId, counterparty, Earned: capped), by.StoreId, pool: pool);
        }
        var credit = CreditEarned(program, today, points, operationId);
        return RecordOperation(operationId, requestHash, kind, credit.Wallet.ToAvailable, credit.Wallet.ToPending,
            new PointsLedgerNote(note, by.KeyId, counterparty, Earned: credit.Capped), by.StoreId);
    }

    /// <summary>
    /// For earning that goes to the household pool: what today's cap lets through and how much of it this member's own
    /// debt takes first. Changes nothing, so the pool can still refuse; <see cref="CountEarned"/> records it after.
    /// </summary>
    private (long Capped, long ToDebt) EarningShare(ProgramSettings program, DateOnly today, long points)
    {
        var capped = EarningCap.Allowed(program, State.EarnedToday.On(today), points);
        return (capped, Math.Min(State.Wallet.Debt, capped));
    }

    /// <summary>Counts earned points towards today's cap and the points-earned tier metric, and pays the debt share.</summary>
    private void CountEarned(DateOnly today, long capped, long toDebt)
    {
        State.EarnedToday.Add(today, capped);
        State.LifetimePointsEarned += capped;
        State.Spend.AddPoints(today, capped);
        State.Wallet.PayDebt(toDebt);
    }

    /// <summary>Credits earned points to the member's own wallet, within the daily cap.</summary>
    private Credit CreditEarned(ProgramSettings program, DateOnly today, long points, string operationId)
    {
        var capped = EarningCap.Allowed(program, State.EarnedToday.On(today), points);
        State.EarnedToday.Add(today, capped);
        State.LifetimePointsEarned += capped;
        State.Spend.AddPoints(today, capped);
        return new Credit(capped, State.Wallet.Credit(program, today, capped, operationId));
    }
}
