namespace Loyalty.Domain.Reports;

/// <summary>
/// The A/B/C/D customer classes (客户分级) by spend in the 12 months before the report time, with the program's
/// thresholds (<see cref="ProgramSettings.CustomerClassThresholds"/>, A first): spend ≥ A's is A, ≥ B's is B, ≥ C's is
/// C, anything less (refunds included) D. The population is the RFM one: members with a checkout.
/// </summary>
public static class CustomerClasses
{
    public static readonly IReadOnlyList<string> Classes = ["A", "B", "C", "D"];

    public static string Of(IReadOnlyList<decimal> thresholds, decimal spend)
    {
        for (var i = 0; i < thresholds.Count; i++)
        {
            if (spend >= thresholds[i])
            {
                return Classes[i];
            }
        }
        return Classes[^1];
    }

    /// <summary>Every class in order (zero where none) with members, their total spend and average spend (2 decimals).</summary>
    public static IReadOnlyList<CustomerClassCount> Classify(IReadOnlyList<decimal> thresholds, IEnumerable<RfmFacts> members)
    {
        var groups = members.GroupBy(m => Of(thresholds, m.Monetary)).ToDictionary(g => g.Key, g => g.ToList());
        return Classes.Select((c, i) =>
        {
            var rows = groups.GetValueOrDefault(c) ?? [];
            var count = rows.Sum(r => r.Members);
            var spend = rows.Sum(r => r.Monetary * r.Members);
            return new CustomerClassCount(c, i < thresholds.Count ? thresholds[i] : null, count, Money.Round(spend),
                count == 0 ? 0m : Money.Round(spend / count));
        }).ToList();
    }
}

/// <summary>One customer class: from which annual spend (null for D), how many members, their spend in total and on average.</summary>
public sealed record CustomerClassCount(string Class, decimal? MinSpend, long Members, decimal Spend, decimal AverageSpend);
