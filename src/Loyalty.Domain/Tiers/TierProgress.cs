namespace Loyalty.Domain.Tiers;

/// <summary>Where a member stands on the ladder: what is left to reach the next tier and to keep the current one.</summary>
/// <param name="NextTier">The tier above, or null at the top.</param>
/// <param name="SpendToNextTier">Metric still missing for the next tier; 0 at the top or when already reached.</param>
/// <param name="SpendToKeepTier">Metric still missing to keep the current tier at the next review; 0 when already met.</param>
public sealed record TierProgress(string Tier, string? NextTier, decimal SpendToNextTier, decimal SpendToKeepTier);
