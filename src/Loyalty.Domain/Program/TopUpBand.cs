namespace Loyalty.Domain;

/// <summary>A stored-value top-up of at least <see cref="MinAmount"/> earns <see cref="BonusRate"/> of it as bonus money.</summary>
public sealed record TopUpBand(decimal MinAmount, decimal BonusRate);
