namespace Loyalty.Domain.Pricing;

/// <summary>Turns exact (fractional) per-line points into whole points, rounding down once for the whole checkout.</summary>
public static class PointsDistributor
{
    /// <summary>
    /// Total = floor(sum of exact points). Each line gets floor(its exact points); the points
    /// left over go one each to the lines with the largest fractional parts (earlier line on a
    /// tie), so the lines sum exactly to the total and refunds can take back per line.
    /// </summary>
    public static long[] Distribute(IReadOnlyList<decimal> exactPoints)
    {
        var result = new long[exactPoints.Count];
        var total = (long)decimal.Floor(exactPoints.Sum());
        var given = 0L;
        for (var i = 0; i < exactPoints.Count; i++)
        {
            result[i] = (long)decimal.Floor(exactPoints[i]);
            given += result[i];
        }

        var order = Enumerable.Range(0, exactPoints.Count)
            .OrderByDescending(i => exactPoints[i] - decimal.Floor(exactPoints[i]))
            .ThenBy(i => i);
        foreach (var i in order.Take((int)(total - given)))
        {
            result[i]++;
        }

        return result;
    }
}
