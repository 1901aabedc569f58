using Loyalty.Domain;

namespace Loyalty.Grains.Members;

/// <summary>
/// Points bookkeeping shared by every way of earning and spending: expiry lots (oldest spent first), pending
/// points, the daily earning cap and points debt from refunds.
/// </summary>
public sealed partial class MemberGrain
{
    /// <summary>Points actually credited after the daily cap; the caller records the result.</summary>
    private sealed record Credit(long Requested, long Capped, long PaidToDebt, long ToAvailable, long ToPending);

    /// <summary>The first day a lot earned on <paramref name="earnedOn"/> can no longer be spent.</summary>
    public static DateOnly? ExpiresOn(ProgramSettings program, DateOnly earnedOn) => PointsLots.ExpiresOn(program, earnedOn);

    /// <summary>How many of <paramref name="points"/> the daily earning cap still allows today.</summary>
    private long WithinDailyCap(ProgramSettings program, DateOnly today, long points)
    {
        if (program.DailyEarnCap is not { } cap)
        {
            return points;
        }
        return Math.Clamp(cap - State.EarnedToday.On(today), 0, points);
    }

    /// <summary>
    /// Credits earned points: capped per day, paying points debt first, then pending (if the program holds points
    /// for some days) or available with an expiry lot.
    /// </summary>
    private Credit CreditPoints(ProgramSettings program, DateOnly today, long points, string operationId, bool applyCap = true)
    {
        var capped = applyCap ? WithinDailyCap(program, today, points) : points;
        State.EarnedToday.Add(today, capped);
        State.LifetimePointsEarned += capped;
        var toDebt = Math.Min(State.PointsDebt, capped);
        State.PointsDebt -= toDebt;
        var rest = capped - toDebt;
        if (rest <= 0)
        {
            return new Credit(points, capped, toDebt, 0, 0);
        }
        if (program.PendingDays > 0)
        {
            State.PendingLots.Add(new PendingLot
            {
                EarnedOn = today,
                ReleaseOn = today.AddDays(program.PendingDays),
                Points = rest,
                OperationId = operationId,
            });
            State.PendingPoints += rest;
            return new Credit(points, capped, toDebt, 0, rest);
        }
        AddLot(program, today, rest);
        State.Points += rest;
        return new Credit(points, capped, toDebt, rest, 0);
    }

    private void AddLot(ProgramSettings program, DateOnly earnedOn, long points) =>
        PointsLots.Add(State.Lots, earnedOn, PointsLots.ExpiresOn(program, earnedOn), points);

    /// <summary>Spends available points, taking the soonest-expiring lots first (积分有效期).</summary>
    private void DebitPoints(long points)
    {
        if (points > State.Points)
        {
            throw new DomainException(ErrorCodes.InsufficientPoints, $"The member has {State.Points} points available, {points} were asked.");
        }
        State.Points -= points;
        PointsLots.Take(State.Lots, points);
    }

    /// <summary>
    /// Takes back earned points (a refund): pending points of that operation first, then available points; what was
    /// already spent becomes debt (program policy AllowDebt) or is forgiven (CapAtBalance).
    /// Returns (fromPending, fromAvailable, toDebt).
    /// </summary>
    private (long FromPending, long FromAvailable, long ToDebt) TakeBackPoints(ProgramSettings program, long points, string operationId)
    {
        var left = points;
        var fromPending = 0L;
        foreach (var lot in State.PendingLots.Where(l => l.OperationId == operationId).ToList())
        {
            var take = Math.Min(lot.Points, left);
            lot.Points -= take;
            fromPending += take;
            left -= take;
            if (lot.Points == 0)
            {
                State.PendingLots.Remove(lot);
            }
        }
        State.PendingPoints -= fromPending;
        var fromAvailable = Math.Min(State.Points, left);
        DebitPoints(fromAvailable);
        left -= fromAvailable;
        var toDebt = program.RefundPolicy == RefundPolicy.AllowDebt ? left : 0;
        State.PointsDebt += toDebt;
        return (fromPending, fromAvailable, toDebt);
    }
}
