namespace Loyalty.Domain;

/// <summary>One rung of the tier ladder: how to reach it and what it gives (rates are fractions, 0.05m = 5%).</summary>
/// <param name="QualifyingSpend">Qualifying metric needed to reach the tier (the first tier must be 0).</param>
/// <param name="QualifyingPoints">Points earned that also reach the tier under <see cref="QualifyingMetric.SpendOrPoints"/>; null = spend only.</param>
/// <param name="SinglePurchase">Qualifying spend of one checkout that reaches the tier at once; null = no shortcut to this tier.</param>
public sealed record TierDefinition(
    string Id,
    string ChineseName,
    decimal QualifyingSpend,
    decimal? SinglePurchase,
    decimal MemberDiscountRate,
    decimal PointsMultiplier,
    decimal BirthdayDiscountRate,
    long? QualifyingPoints = null);
