namespace Loyalty.Domain.Tiers;

/// <summary>What a member is measured by against the tier ladder: the program's metric and, under spend-or-points, the points beside it.</summary>
/// <param name="Value">The metric compared with the tiers' <see cref="TierDefinition.QualifyingSpend"/> thresholds.</param>
/// <param name="Points">Points compared with the tiers' <see cref="TierDefinition.QualifyingPoints"/>; null when the program does not read them.</param>
public readonly record struct TierMeasure(decimal Value, long? Points = null)
{
    /// <summary>A plain metric (every metric except spend-or-points).</summary>
    public static implicit operator TierMeasure(decimal value) => new(value);

    /// <summary>Whether this measure reaches <paramref name="tier"/> by its spend threshold or, when read, its points threshold.</summary>
    public bool Reaches(TierDefinition tier) =>
        tier.QualifyingSpend <= Value || (Points is { } points && tier.QualifyingPoints is { } needed && needed <= points);
}
