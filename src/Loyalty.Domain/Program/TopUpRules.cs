namespace Loyalty.Domain;

/// <summary>Stored-value top-up rules (domain.md §5): which band pays the bonus, which amounts a till may take, which tier a deposit reaches.</summary>
public static class TopUpRules
{
    /// <summary>
    /// The band a top-up falls in for a member of <paramref name="tier"/>: the tier's own bands when the program has any,
    /// otherwise the bands for everyone; the reached band with the highest rate (the highest band when rates ascend). Null below every band.
    /// </summary>
    public static TopUpBand? Band(ProgramSettings p, decimal amount, string? tier)
    {
        var own = tier is not null && p.TopUpBands.Any(b => b.Tier == tier);
        return p.TopUpBands
            .Where(b => own ? b.Tier == tier : b.Tier is null)
            .Where(b => amount >= b.MinAmount)
            .OrderByDescending(b => b.BonusRate).ThenByDescending(b => b.MinAmount)
            .FirstOrDefault();
    }

    /// <summary>Bonus money for a top-up by a member of <paramref name="tier"/>: amount × the band's rate, rounded to cents.</summary>
    public static decimal Bonus(ProgramSettings p, decimal amount, string? tier) => Money.Round(amount * (Band(p, amount, tier)?.BonusRate ?? 0m));

    /// <summary>Why the program refuses this top-up amount (above the cap, or not one of the fixed denominations); null when it is accepted.</summary>
    public static string? Refusal(ProgramSettings p, decimal amount)
    {
        if (amount > p.MaxTopUpAmount)
        {
            return $"At most {p.MaxTopUpAmount:0.00} per top-up (maxTopUpAmount).";
        }
        if (p.TopUpDenominations is { Count: > 0 } fixedAmounts && !fixedAmounts.Contains(amount))
        {
            return $"Top-ups come in fixed amounts: {string.Join(", ", fixedAmounts.Order().Select(a => a.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)))} (topUpDenominations).";
        }
        return null;
    }

    /// <summary>The highest tier a single deposit of <paramref name="amount"/> reaches; null when it reaches none.</summary>
    public static string? TierForDeposit(ProgramSettings p, decimal amount) =>
        p.DepositTiers.Where(d => amount >= d.MinDeposit).OrderByDescending(d => p.HasTier(d.Tier) ? p.TierIndex(d.Tier) : -1)
            .Select(d => d.Tier).FirstOrDefault();

    /// <summary>
    /// The lowest tier a review may leave a member of <paramref name="current"/> with a stored balance of
    /// <paramref name="balance"/>: the highest balance rule reached, but never above the tier held (a review never upgrades).
    /// Null when no rule is reached.
    /// </summary>
    public static string? TierKeptByBalance(ProgramSettings p, string current, decimal balance)
    {
        var reached = p.BalanceTiers.Where(b => balance >= b.MinBalance && p.HasTier(b.Tier)).Select(b => p.TierIndex(b.Tier)).DefaultIfEmpty(-1).Max();
        return reached < 0 ? null : p.Tiers[Math.Min(reached, p.TierIndex(current))].Id;
    }
}
