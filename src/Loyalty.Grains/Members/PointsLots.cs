using Loyalty.Domain;

namespace Loyalty.Grains.Members;

/// <summary>
/// Expiry-lot arithmetic shared by members and household pools: lots sorted soonest-expiring first, merged when
/// they expire together, spent from the front (积分有效期: the points closest to expiry go first).
/// </summary>
public static class PointsLots
{
    /// <summary>The first day a lot earned on <paramref name="earnedOn"/> can no longer be spent.</summary>
    public static DateOnly? ExpiresOn(ProgramSettings program, DateOnly earnedOn) => program.ExpiryPolicy switch
    {
        ExpiryPolicy.Never => null,
        // Calendar policy: valid to the end of 31 December of the year after earning.
        ExpiryPolicy.Calendar => new DateOnly(earnedOn.Year + 2, 1, 1),
        _ => earnedOn.AddMonths(program.ExpiryMonths),
    };

    public static void Add(List<PointsLot> lots, DateOnly earnedOn, DateOnly? expiresOn, long points, string? earnedBy = null)
    {
        if (points <= 0)
        {
            return;
        }
        var same = lots.Find(l => l.EarnedOn == earnedOn && l.ExpiresOn == expiresOn && l.EarnedBy == earnedBy);
        if (same is not null)
        {
            same.Remaining += points;
            return;
        }
        lots.Add(new PointsLot { EarnedOn = earnedOn, ExpiresOn = expiresOn, Remaining = points, EarnedBy = earnedBy });
        // Never-expiring lots (null) sort last: everything that can expire is spent first.
        lots.Sort((a, b) => (a.ExpiresOn ?? DateOnly.MaxValue).CompareTo(b.ExpiresOn ?? DateOnly.MaxValue) is var c and not 0
            ? c : a.EarnedOn.CompareTo(b.EarnedOn));
    }

    /// <summary>Takes points from the soonest-expiring lots (optionally only one member's first); returns the lots taken.</summary>
    public static List<PointsLot> Take(List<PointsLot> lots, long points, string? preferEarnedBy = null)
    {
        var taken = new List<PointsLot>();
        var left = points;
        var order = preferEarnedBy is null ? lots.ToList() : lots.Where(l => l.EarnedBy == preferEarnedBy).Concat(lots.Where(l => l.EarnedBy != preferEarnedBy)).ToList();
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
        lots.RemoveAll(l => l.Remaining == 0);
        return taken;
    }
}
