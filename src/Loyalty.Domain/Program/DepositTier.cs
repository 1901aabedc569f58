namespace Loyalty.Domain;

/// <summary>A single stored-value top-up of at least <see cref="MinDeposit"/> lifts the member to <see cref="Tier"/> at once (never lowers a tier).</summary>
public sealed record DepositTier(decimal MinDeposit, string Tier);
