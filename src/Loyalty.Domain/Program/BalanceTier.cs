namespace Loyalty.Domain;

/// <summary>At a tier review, stored value of at least <see cref="MinBalance"/> on the member's cards keeps the member at <see cref="Tier"/> or above (if held).</summary>
public sealed record BalanceTier(decimal MinBalance, string Tier);
