namespace Loyalty.Domain.Benefits;

/// <summary>
/// A member's benefit uses and the quota rules: which benefits the tier has, how many free uses are left in the
/// current period, and what the next use costs. Uses are kept from the start of last year, long enough for every
/// period a quota can cover.
/// </summary>
public sealed class BenefitBook
{
    public const string NotAvailable = "benefit_not_available";
    public const string Exhausted = "benefit_exhausted";

    public List<BenefitUse> Uses { get; set; } = [];

    public BenefitUse? Find(string useId) => Uses.Find(u => u.UseId == useId);

    /// <summary>Uses of this benefit in the period containing <paramref name="today"/>.</summary>
    public int UsedIn(BenefitDefinition benefit, DateOnly today)
    {
        var (start, end) = (benefit.PeriodStart(today), benefit.PeriodEnd(today));
        return Uses.Count(u => u.BenefitId == benefit.Id && u.Day >= start && u.Day < end);
    }

    /// <summary>The benefits this tier has, in program order.</summary>
    public static IEnumerable<BenefitDefinition> For(ProgramSettings program, string tier) => program.Benefits.Where(b => b.IsForTier(tier));

    /// <summary>
    /// Checks the use without recording it: the tier must have the benefit (and a birthday gift needs the birthday
    /// month); within the quota it is free, beyond it costs the fee or is refused.
    /// </summary>
    /// <exception cref="DomainException"><c>benefit_not_available</c> or <c>benefit_exhausted</c>.</exception>
    public BenefitUse Check(ProgramSettings program, string benefitId, string tier, DateOnly? birthday, DateOnly today)
    {
        var benefit = program.Benefits.FirstOrDefault(b => b.Id == benefitId)
            ?? throw new DomainException(DomainException.NotFound, $"The program has no benefit '{benefitId}'.");
        if (!benefit.IsForTier(tier))
        {
            throw new DomainException(NotAvailable, $"The {tier} tier has no '{benefitId}' benefit.");
        }
        if (benefit.BirthdayMonthOnly && birthday?.Month != today.Month)
        {
            throw new DomainException(NotAvailable, $"'{benefitId}' is claimed in the member's birthday month.");
        }
        var used = UsedIn(benefit, today);
        if (used < benefit.FreePerPeriod)
        {
            return new BenefitUse { BenefitId = benefitId, Day = today, Free = true, Fee = 0m };
        }
        if (benefit.FeeBeyond is not { } fee)
        {
            throw new DomainException(Exhausted, $"All {benefit.FreePerPeriod} uses of '{benefitId}' in this period are taken.");
        }
        return new BenefitUse { BenefitId = benefitId, Day = today, Free = false, Fee = Money.Round(fee) };
    }

    /// <summary>Records a checked use and forgets uses from before last year.</summary>
    public void Record(BenefitUse use)
    {
        Uses.Add(use);
        var keepFrom = new DateOnly(use.Day.Year - 1, 1, 1);
        Uses.RemoveAll(u => u.Day < keepFrom);
    }
}
