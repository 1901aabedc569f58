using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;

namespace Loyalty.Grains.Members;

/// <summary>How a member is shown to callers: the member view, tier progress, coupons and the household part.</summary>
public static class MemberViews
{
    public static MemberView Member(MemberState state, ProgramSettings program, DateOnly today)
    {
        var metric = TierRules.Measure(program, state.Spend, state.LifetimePointsEarned, today);
        return new MemberView(
            state.MemberId,
            state.Name,
            state.Phone,
            state.Birthday,
            state.Gender,
            state.HomeStoreId,
            state.Status,
            state.Tier,
            new PointsView(state.Points, state.PendingPoints),
            metric.Value,
            state.HouseholdId,
            state.Cards,
            state.JoinedAt,
            Progress(program, state.TierStatus, metric, ReviewMeasure(state, program, today)),
            state.StatusHistory.Select(s => new StatusChangeView(s.Status, s.Reason, s.By, s.At, s.OwnRequest)).ToList(),
            Address: state.Address,
            Email: state.Email,
            ContactPreferences: state.Contact is { } contact ? new ContactPreferencesView(contact.Sms, contact.Email, contact.App) : new ContactPreferencesView(true, true, true),
            PointsDebt: state.PointsDebt);
    }

    /// <summary>Progress towards the next tier for <paramref name="metric"/>, towards keeping it for <paramref name="reviewMetric"/>, with the review date of the tier as held.</summary>
    public static TierProgressView Progress(ProgramSettings program, TierStatus tier, TierMeasure metric, TierMeasure? reviewMetric = null)
    {
        var progress = tier.Progress(program, metric, reviewMetric);
        return new TierProgressView(progress.Tier, progress.NextTier, progress.SpendToNextTier, progress.SpendToKeepTier, tier.ReviewOn(program));
    }

    /// <summary>What the member's next review reads today: the window of the hold (<see cref="TierRules.ReviewMeasure"/>).</summary>
    public static TierMeasure ReviewMeasure(MemberState state, ProgramSettings program, DateOnly today) =>
        TierRules.ReviewMeasure(program, state.Spend, state.LifetimePointsEarned, today, state.TierStatus.ReviewOn(program));

    public static CouponView Coupon(MemberCoupon c) => new(c.Code, c.TemplateId, c.Name, c.Kind, c.Amount, c.Percent, c.MinSpend,
        c.ValidFrom, c.ValidTo, c.Source, c.UsedByCheckoutId);

    /// <summary>The member view with the pool and what this member may spend of it today; unchanged when the pool does not list the member.</summary>
    public static MemberView WithHousehold(MemberView view, HouseholdView? pool)
    {
        var me = pool?.Members.FirstOrDefault(m => m.MemberId == view.MemberId);
        if (pool is null || me is null)
        {
            return view;
        }
        var spendable = !me.CanSpend ? 0
            : me.DailySpendLimit is { } limit ? Math.Clamp(limit - me.SpentToday, 0, pool.Points.Available)
            : pool.Points.Available;
        return view with
        {
            Household = new MemberHouseholdView(pool.HouseholdId, pool.Kind, me.Role, me.CanSpend, me.DailySpendLimit,
                pool.Points.Available, pool.Points.Pending, spendable),
        };
    }
}
