namespace Loyalty.Domain.Refunds;

/// <summary>A line of the original checkout as its receipt shows it.</summary>
public sealed record RefundableLine(string Sku, decimal Quantity, decimal Net, long PointsEarned);

/// <summary>The totals of the original checkout that a refund reverses proportionally.</summary>
public sealed record RefundableCheckout(
    IReadOnlyList<RefundableLine> Lines,
    long PointsRedeemed,
    decimal StoredValueCharged,
    decimal AmountDue,
    decimal QualifyingSpend);

/// <summary>What one refund gives back and takes back.</summary>
public sealed record RefundAmounts(
    IReadOnlyList<decimal> QuantitiesByLine,
    IReadOnlyList<long> PointsReversedByLine,
    long PointsReversed,
    long PointsReturned,
    decimal StoredValueReturned,
    decimal CashReturned,
    decimal SpendReversed);

/// <summary>
/// Proportional reversal of a checkout (退货). Every amount is computed as a function of the quantities refunded
/// so far (cumulative), and one refund is the difference between after and before. Partial refunds therefore
/// never drift: refunding everything, in any number of steps, reverses exactly the original totals.
/// The refunded share of the checkout is the refunded lines' share of its net amount (after discounts), the same
/// weights that shared the coupon and points value over the lines.
/// </summary>
public static class RefundCalculator
{
    public static RefundAmounts Compute(RefundableCheckout checkout, IReadOnlyList<decimal> alreadyRefunded, IReadOnlyList<decimal> refundNow)
    {
        var after = alreadyRefunded.Zip(refundNow, (a, b) => a + b).ToList();
        var before = Totals(checkout, alreadyRefunded);
        var now = Totals(checkout, after);
        var pointsByLine = checkout.Lines.Select((line, i) =>
            LinePoints(line, after[i]) - LinePoints(line, alreadyRefunded[i])).ToList();
        return new RefundAmounts(
            refundNow,
            pointsByLine,
            pointsByLine.Sum(),
            now.Redeemed - before.Redeemed,
            now.StoredValue - before.StoredValue,
            now.Cash - before.Cash,
            now.Spend - before.Spend);
    }

    /// <summary>Spreads a refund of (sku, quantity) over the checkout's lines with that sku, in line order.</summary>
    public static decimal[] QuantitiesBySku(RefundableCheckout checkout, IReadOnlyList<decimal> alreadyRefunded,
        IEnumerable<(string Sku, decimal Quantity)> request)
    {
        var result = new decimal[checkout.Lines.Count];
        foreach (var (sku, quantity) in request)
        {
            var left = quantity;
            for (var i = 0; i < checkout.Lines.Count && left > 0; i++)
            {
                if (checkout.Lines[i].Sku != sku)
                {
                    continue;
                }
                var open = checkout.Lines[i].Quantity - alreadyRefunded[i] - result[i];
                var take = Math.Min(open, left);
                result[i] += take;
                left -= take;
            }
            if (left > 0)
            {
                throw new DomainException(DomainException.Validation,
                    $"Refunding {quantity} of {sku} is more than was bought and not yet refunded.");
            }
        }
        return result;
    }

    private static long LinePoints(RefundableLine line, decimal refunded) =>
        line.Quantity == 0 ? 0 : (long)decimal.Floor(line.PointsEarned * refunded / line.Quantity);

    private static (long Redeemed, decimal StoredValue, decimal Cash, decimal Spend) Totals(RefundableCheckout checkout, IReadOnlyList<decimal> refunded)
    {
        var totalNet = checkout.Lines.Sum(l => l.Net);
        var totalQuantity = checkout.Lines.Sum(l => l.Quantity);
        var refundedQuantity = refunded.Sum();
        // Lines with no net amount (all free) are shared by quantity instead, so a refund still counts.
        var portion = totalNet != 0
            ? checkout.Lines.Select((l, i) => l.Quantity == 0 ? 0 : l.Net * refunded[i] / l.Quantity).Sum() / totalNet
            : totalQuantity == 0 ? 0 : refundedQuantity / totalQuantity;
        return (
            (long)decimal.Floor(checkout.PointsRedeemed * portion),
            Money.Round(checkout.StoredValueCharged * portion),
            Money.Round(checkout.AmountDue * portion),
            Money.Round(checkout.QualifyingSpend * portion));
    }

}
