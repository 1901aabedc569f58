using Loyalty.Domain.Pricing;

namespace Loyalty.Domain.Tests.Pricing;

public class PointsRoundingTests
{
    [Fact]
    public void Points_are_rounded_down_once_per_checkout_not_per_line()
    {
        // Three lines of 0.53: 5% = 0.0265 → 0.03, net 0.50 → 0.5 points each.
        // Total floor(1.5) = 1 (per-line flooring would give 0). Ties go to the first line.
        var r = Basket.For("regular").Line(1, 0.53m).Line(1, 0.53m).Line(1, 0.53m).Price();

        Assert.Equal(1, r.PointsEarned);
        Assert.Equal([1L, 0L, 0L], r.Lines.Select(l => l.PointsEarned));
    }

    [Fact]
    public void Leftover_points_go_to_the_lines_with_the_largest_fractions()
    {
        // Silver 10%, 1.5×: nets 0.90, 1.80, 2.70 → exact 1.35, 2.70, 4.05; total floor(8.10) = 8.
        // Floors 1 + 2 + 4 = 7; the one left goes to the largest fraction (0.70, line 2).
        var r = Basket.For("silver").Line(1, 1.00m).Line(1, 2.00m).Line(1, 3.00m).Price();

        Assert.Equal(8, r.PointsEarned);
        Assert.Equal([1L, 3L, 4L], r.Lines.Select(l => l.PointsEarned));
    }

    [Fact]
    public void Line_points_always_sum_to_the_checkout_points()
    {
        var r = Basket.For("silver").OnBirthday()
            .Line(3, 7.77m).Line(1.234m, 19.90m).Special(1, 5m).Line(2, 0.99m).Tobacco(1, 30m).Line(1, 123.45m)
            .Coupon(12.34m).Redeem(300).Price();

        Assert.Equal(r.PointsEarned, r.Lines.Sum(l => l.PointsEarned));
    }

    [Fact]
    public void Share_allocation_puts_the_rounding_remainder_on_the_largest_line()
    {
        Assert.Equal([3.34m, 3.33m, 3.33m], ShareAllocator.Allocate(10m, [1m, 1m, 1m]));
        // 10 × 1/3.5 = 2.857 → 2.86 twice, 10 × 1.5/3.5 = 4.2857 → 4.29: 10.01, so the largest gives back 0.01.
        Assert.Equal([2.86m, 2.86m, 4.28m], ShareAllocator.Allocate(10m, [1m, 1m, 1.5m]));
        Assert.Equal([0m, 0m], ShareAllocator.Allocate(5m, [0m, 0m]));
    }
}
