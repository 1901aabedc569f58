namespace Loyalty.Domain.Points;

/// <summary>
/// The points an owner holds (a member's own points, or a household pool): spendable points in expiry lots, pending
/// points not yet spendable, and debt left by refunds of points already spent. Every earning, spending, refund,
/// release and expiry goes through here, so the rules (debt first, soonest-expiring lots first, a refund takes its
/// own pending points first) hold the same for members and households.
/// </summary>
/// <remarks>
/// <see cref="Available"/> and <see cref="Pending"/> are kept beside the lots (not summed from them) because they are
/// stored and reported as they are; every method changes both together. In a household pool lots carry the member
/// who earned them (<see cref="PointsLot.EarnedBy"/>).
/// </remarks>
public sealed class PointsWallet
{
    /// <summary>The error code of a spend beyond <see cref="Available"/>.</summary>
    public const string InsufficientPoints = "insufficient_points";

    /// <summary>Spendable points by expiry, soonest-expiring first (never-expiring last).</summary>
    public List<PointsLot> Lots { get; set; } = [];

    public List<PendingLot> PendingLots { get; set; } = [];

    public long Available { get; set; }

    public long Pending { get; set; }

    /// <summary>Points owed after a refund took back points already spent; later credits pay it off first.</summary>
    public long Debt { get; set; }

    /// <summary>
    /// Credits points: the debt is paid first, the rest goes to a pending lot (when the program holds points for some
    /// days) or to a lot expiring by the program's policy.
    /// </summary>
    public WalletCredit Credit(ProgramSettings program, DateOnly today, long points, string operationId, string? earnedBy = null)
    {
        var toDebt = PayDebt(points);
        var rest = points - toDebt;
        if (rest <= 0)
        {
            return new WalletCredit(toDebt, 0, 0);
        }
        if (program.PendingDays > 0)
        {
            PendingLots.Add(new PendingLot
            {
                EarnedOn = today,
                ReleaseOn = today.AddDays(program.PendingDays),
                Points = rest,
                OperationId = operationId,
                EarnedBy = earnedBy,
            });
            Pending += rest;
            return new WalletCredit(toDebt, 0, rest);
        }
        AddLot(today, PointsExpiry.ExpiresOn(program, today), rest, earnedBy);
        Available += rest;
        return new WalletCredit(toDebt, rest, 0);
    }

    /// <summary>Pays the debt from <paramref name="points"/> as far as they go; answers what was paid.</summary>
    public long PayDebt(long points)
    {
        var paid = Math.Min(Debt, points);
        Debt -= paid;
        return paid;
    }

    /// <summary>
    /// Spends available points from the soonest-expiring lots (optionally one member's lots first) and answers the
    /// parts of the lots taken, so an undo can put the same lots back.
    /// </summary>
    /// <exception cref="DomainException"><c>insufficient_points</c> when fewer points are available; nothing changes.</exception>
    public List<PointsLot> Spend(long points, string? preferEarnedBy = null)
    {
        if (points > Available)
        {
            throw new DomainException(InsufficientPoints, $"{Available} points are available, {points} were asked.");
        }
        Available -= points;
        return TakeLots(points, preferEarnedBy);
    }

    /// <summary>
    /// Takes back earned points (a refund): that operation's pending points first, then available points; what was
    /// already spent becomes debt (<see cref="RefundPolicy.AllowDebt"/>) or is forgiven (<see cref="RefundPolicy.CapAtBalance"/>).
    /// </summary>
    public WalletTakeBack TakeBack(RefundPolicy policy, long points, string? operationId)
    {
        var left = points;
        var fromPending = 0L;
        foreach (var lot in PendingLots.Where(l => operationId is not null && l.OperationId == operationId).ToList())
        {
            var take = Math.Min(lot.Points, left);
            lot.Points -= take;
            fromPending += take;
            left -= take;
            if (lot.Points == 0)
            {
                PendingLots.Remove(lot);
            }
        }
        Pending -= fromPending;
        var fromAvailable = Math.Min(Available, left);
        Spend(fromAvailable);
        left -= fromAvailable;
        var toDebt = policy == RefundPolicy.AllowDebt ? left : 0;
        Debt += toDebt;
        return new WalletTakeBack(fromPending, fromAvailable, toDebt);
    }

    /// <summary>
    /// Makes pending points whose release day has come spendable, each as a lot expiring from the day it was earned
    /// (debt was paid when they were credited). Answers the released lots, oldest first; empty when none was due.
    /// </summary>
    public IReadOnlyList<PendingLot> ReleaseDue(ProgramSettings program, DateOnly today)
    {
        var released = PendingLots.Where(l => l.ReleaseOn <= today).OrderBy(l => l.EarnedOn).ToList();
        if (released.Count == 0)
        {
            return released;
        }
        PendingLots.RemoveAll(l => l.ReleaseOn <= today);
        var points = released.Sum(l => l.Points);
        Pending -= points;
        Available += points;
        foreach (var lot in released)
        {
            AddLot(lot.EarnedOn, PointsExpiry.ExpiresOn(program, lot.EarnedOn), lot.Points, lot.EarnedBy);
        }
        return released;
    }

    /// <summary>Removes the lots that expire on or before <paramref name="today"/>; answers them (empty when none).</summary>
    public IReadOnlyList<PointsLot> ExpireDue(DateOnly today)
    {
        var expired = Lots.Where(l => l.ExpiresOn is { } e && e <= today).ToList();
        if (expired.Count == 0)
        {
            return expired;
        }
        Lots.RemoveAll(l => l.ExpiresOn is { } e && e <= today);
        Available -= expired.Sum(l => l.Remaining);
        return expired;
    }

    /// <summary>Removes the pending lots that match and answers them (moving to or out of a household).</summary>
    public List<PendingLot> TakePending(Func<PendingLot, bool> which)
    {
        var taken = PendingLots.Where(which).ToList();
        foreach (var lot in taken)
        {
            PendingLots.Remove(lot);
        }
        Pending -= taken.Sum(l => l.Points);
        return taken;
    }

    /// <summary>
    /// Receives lots with their expiry dates and pending lots with their release dates (joining or leaving a
    /// household), attributed to <paramref name="earnedBy"/>; answers the points and pending points received.
    /// </summary>
    public (long Points, long Pending) Receive(IEnumerable<PointsLot> lots, IEnumerable<PendingLot> pending, string? earnedBy)
    {
        var points = 0L;
        foreach (var lot in lots)
        {
            AddLot(lot.EarnedOn, lot.ExpiresOn, lot.Remaining, earnedBy);
            points += lot.Remaining;
        }
        var pendingPoints = 0L;
        foreach (var lot in pending)
        {
            PendingLots.Add(new PendingLot
            {
                EarnedOn = lot.EarnedOn, ReleaseOn = lot.ReleaseOn, Points = lot.Points, OperationId = lot.OperationId, EarnedBy = earnedBy,
            });
            pendingPoints += lot.Points;
        }
        Available += points;
        Pending += pendingPoints;
        return (points, pendingPoints);
    }

    /// <summary>
    /// Adds points that are spendable at once, in a lot earned on <paramref name="earnedOn"/> that expires by the program's
    /// policy: no debt is paid and no pending days apply (an opening balance, or points put back without their lots).
    /// </summary>
    public void Grant(ProgramSettings program, DateOnly earnedOn, long points)
    {
        if (points <= 0)
        {
            return;
        }
        AddLot(earnedOn, PointsExpiry.ExpiresOn(program, earnedOn), points, null);
        Available += points;
    }

    /// <summary>
    /// Puts back points with the lots they came from (undo of a debit, merge), so their expiry dates stay; any part not
    /// backed by a lot becomes a lot earned today.
    /// </summary>
    public void PutBack(ProgramSettings program, DateOnly today, IReadOnlyList<PointsLot>? lots, long points)
    {
        var backed = 0L;
        foreach (var lot in lots ?? [])
        {
            AddLot(lot.EarnedOn, lot.ExpiresOn, lot.Remaining, null);
            backed += lot.Remaining;
        }
        Available += backed;
        Grant(program, today, points - backed);
    }

    /// <summary>Takes over another wallet's points, pending points and debt as they are (member merge).</summary>
    public void Absorb(ProgramSettings program, DateOnly today, IReadOnlyList<PointsLot> lots, long points,
        IReadOnlyList<PendingLot> pendingLots, long pending, long debt)
    {
        PutBack(program, today, lots, points);
        PendingLots.AddRange(pendingLots);
        Pending += pending;
        Debt += debt;
    }

    /// <summary>The next day a lot expires; null when nothing can expire.</summary>
    public DateOnly? NextExpiry() => Lots.Where(l => l.Remaining > 0 && l.ExpiresOn is not null).Min(l => l.ExpiresOn);

    /// <summary>The next day pending points are released; null when nothing is pending.</summary>
    public DateOnly? NextRelease() => PendingLots.Count == 0 ? null : PendingLots.Min(l => l.ReleaseOn);

    /// <summary>Lots still to expire after <paramref name="after"/>, on or before <paramref name="until"/>.</summary>
    public List<PointsLot> ExpiringBetween(DateOnly after, DateOnly until) =>
        Lots.Where(l => l.Remaining > 0 && l.ExpiresOn is { } e && e > after && e <= until).ToList();

    /// <summary>The first expiry date after <paramref name="after"/> (and after <paramref name="coveredThrough"/>, when given).</summary>
    public DateOnly? FirstExpiryAfter(DateOnly after, DateOnly? coveredThrough) =>
        Lots.Where(l => l.Remaining > 0 && l.ExpiresOn is { } e && e > after && (coveredThrough is null || e > coveredThrough))
            .Min(l => l.ExpiresOn);

    /// <summary>
    /// The balance and pending points a checkout would leave (a quote), without changing anything: redeemed points
    /// leave, earned points pay <paramref name="debt"/> first and the rest lands as a credit would.
    /// </summary>
    public static (long Available, long Pending) Project(long available, long pending, long debt, long redeemed, long earned, bool holdsPending)
    {
        var credited = Math.Max(0, earned - debt);
        var toPending = holdsPending ? credited : 0;
        return (available - redeemed + credited - toPending, pending + toPending);
    }

    // Lots stay sorted soonest-expiring first and merged when they expire together (for the same earner).
    private void AddLot(DateOnly earnedOn, DateOnly? expiresOn, long points, string? earnedBy)
    {
        if (points <= 0)
        {
            return;
        }
        var same = Lots.Find(l => l.EarnedOn == earnedOn && l.ExpiresOn == expiresOn && l.EarnedBy == earnedBy);
        if (same is not null)
        {
            same.Remaining += points;
            return;
        }
        Lots.Add(new PointsLot { EarnedOn = earnedOn, ExpiresOn = expiresOn, Remaining = points, EarnedBy = earnedBy });
        // Never-expiring lots (null) sort last: everything that can expire is spent first.
        Lots.Sort((a, b) => (a.ExpiresOn ?? DateOnly.MaxValue).CompareTo(b.ExpiresOn ?? DateOnly.MaxValue) is var c and not 0
            ? c : a.EarnedOn.CompareTo(b.EarnedOn));
    }

    private List<PointsLot> TakeLots(long points, string? preferEarnedBy)
    {
        var taken = new List<PointsLot>();
        var left = points;
        var order = preferEarnedBy is null
            ? Lots.ToList()
            : Lots.Where(l => l.EarnedBy == preferEarnedBy).Concat(Lots.Where(l => l.EarnedBy != preferEarnedBy)).ToList();
        foreach (var lot in order)
        {
            if (left == 0)
            {
                break;
            }
            var take = Math.Min(lot.Remaining, left);
            lot.Remaining -= take;
            left -= take;
            taken.Add(new PointsLot { EarnedOn = lot.EarnedOn, ExpiresOn = lot.ExpiresOn, Remaining = take, EarnedBy = lot.EarnedBy });
        }
        Lots.RemoveAll(l => l.Remaining == 0);
        return taken;
    }
}

/// <summary>Where credited points went: paid to debt, available (a lot), or pending.</summary>
public readonly record struct WalletCredit(long PaidToDebt, long ToAvailable, long ToPending);

/// <summary>Where points taken back by a refund came from; <see cref="ToDebt"/> is what was already spent and is now owed.</summary>
public readonly record struct WalletTakeBack(long FromPending, long FromAvailable, long ToDebt)
{
    /// <summary>Everything taken back, debt included (what was forgiven under CapAtBalance is not).</summary>
    public long Taken => FromPending + FromAvailable + ToDebt;
}
