using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Tiers;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// The one way a member comes into being. Registration through the member grain and the bulk import (which writes
/// states without activating grains) both open the state here, so an imported member gets what a registered one
/// gets: the first tier (or the one its opening spend reaches), the validity date, opening points in a lot that
/// expires by the program's policy, and the due jobs those imply.
/// </summary>
public static class MemberRegistration
{
    /// <summary>
    /// Fills a new member's <paramref name="state"/> from the request and answers the ledger row that records it:
    /// <c>register</c>, or <c>import</c> carrying the opening points and spend. The caller schedules the due jobs
    /// (<see cref="MemberJobPlan.Reschedule"/>) after.
    /// </summary>
    public static LedgerRow Open(MemberState state, ProgramSettings program, DateTimeOffset now, RegisterMember request)
    {
        var today = ProgramCalendar.Today(program, now);
        var opening = request.Opening;
        state.MemberId = request.MemberId;
        state.Name = request.Name;
        state.Phone = request.Phone;
        state.Birthday = request.Birthday;
        state.Gender = request.Gender;
        state.HomeStoreId = request.HomeStoreId;
        state.ReferrerMemberId = request.ReferrerMemberId;
        state.JoinedAt = now;
        state.Status = MemberStatus.Active;
        state.Corporate = request.Corporate;
        state.ValidUntil = program.MembershipValidUntil(today);
        state.StatusHistory.Add(new StatusChange
        {
            Status = MemberStatus.Active, Reason = opening is null ? "registered" : "imported", By = request.By.KeyId, At = now,
        });
        state.TierStatus.ChangeTo(program.Tiers[0].Id, today);
        if (opening is null)
        {
            return new LedgerRow(LedgerAccounts.Member(request.MemberId), "register", "register", now, request.HomeStoreId, PointsAfter: 0,
                DataJson: JsonSerializer.Serialize(new LedgerNote("registered", request.By.KeyId), GrainJson.Default.LedgerNote));
        }

        // Opening points were earned elsewhere: spendable now (no pending days, no daily cap), expiring from today.
        state.Wallet.Grant(program, today, opening.Points);
        state.LifetimePointsEarned = opening.Points;
        state.Spend.Add(today, opening.Spend);
        state.TierStatus.ChangeTo(TierRules.Upgrade(program, state.Tier, TierRules.Metric(program, state.Spend, opening.Points, today), 0m), today);
        if (opening.CardNumber is { } card)
        {
            state.Cards.Add(card);
        }
        return new LedgerRow(LedgerAccounts.Member(request.MemberId), "import", "import", now, request.HomeStoreId,
            PointsDelta: opening.Points, SpendDelta: opening.Spend, PointsAfter: state.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"imported row {opening.Source}", request.By.KeyId), GrainJson.Default.LedgerNote));
    }
}
