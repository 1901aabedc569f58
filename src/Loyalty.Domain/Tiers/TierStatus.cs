namespace Loyalty.Domain.Tiers;

/// <summary>
/// A member's tier and since when it is held (domain.md §2): upgrades, the review (保级) a hold period after the
/// last change, manual overrides, and the step back when a refund takes away the spend an upgrade stood on.
/// </summary>
public sealed class TierStatus
{
    public string Tier { get; set; } = "regular";

    /// <summary>The day the tier was reached (or last reviewed); the next review is a hold period later.</summary>
    public DateOnly Since { get; set; }

    /// <summary>Set when a manager fixed the tier by hand; cleared by the next review.</summary>
    public bool Manual { get; set; }

    /// <summary>The day of the next review; null on the lowest tier (or a tier the program no longer has).</summary>
    /// <remarks>A hold period after <see cref="Since"/>, or 1 January after it when tiers are valid to the end of the calendar year.</remarks>
    public DateOnly? ReviewOn(ProgramSettings program) => !program.HasTier(Tier) || program.TierIndex(Tier) == 0 ? null
        : program.TierValidity == TierValidity.CalendarYearEnd ? new DateOnly(Since.Year + 1, 1, 1)
        : Since.AddMonths(program.TierHoldMonths);

    /// <summary>Moves to another tier from today (upgrade, merge, refund).</summary>
    public void ChangeTo(string tier, DateOnly today)
    {
        Tier = tier;
        Since = today;
    }

    /// <summary>A manager's override: held from today like an upgrade, and marked manual until the next review.</summary>
    public void Override(string tier, DateOnly today)
    {
        ChangeTo(tier, today);
        Manual = true;
    }

    /// <summary>
    /// Runs the review when it is due: the tier becomes what the metric supports (<see cref="TierRules.Review"/>) and the
    /// next hold period counts from the review date, not from a late run, so reviews stay a hold period apart.
    /// Null when no review is due today.
    /// </summary>
    /// <param name="storedBalance">Stored value on the member's cards: a balance rule (<see cref="ProgramSettings.BalanceTiers"/>) can keep the tier.</param>
    public TierReviewOutcome? Review(ProgramSettings program, TierMeasure metric, DateOnly today, decimal storedBalance = 0m)
    {
        if (ReviewOn(program) is not { } reviewOn || reviewOn > today)
        {
            return null;
        }
        var before = Tier;
        Tier = TierRules.Review(program, before, metric);
        if (TopUpRules.TierKeptByBalance(program, before, storedBalance) is { } kept && program.TierIndex(kept) > program.TierIndex(Tier))
        {
            Tier = kept;
        }
        Since = reviewOn;
        Manual = false;
        return new TierReviewOutcome(reviewOn, before, Tier);
    }

    /// <summary>
    /// The tier to step back to after a refund of a purchase made on <paramref name="purchaseDay"/>: an upgrade reached on
    /// or after that purchase stands only while the spend still supports it, and never drops below the tier held before
    /// the purchase. Null when the tier stays (also for a manual tier).
    /// </summary>
    public string? AfterRefund(ProgramSettings program, TierMeasure metric, DateOnly purchaseDay, string tierBeforePurchase)
    {
        var supported = TierRules.TierFor(program, metric);
        if (Since < purchaseDay || program.TierIndex(supported) >= program.TierIndex(Tier) || Manual)
        {
            return null;
        }
        var target = program.TierIndex(supported) > program.TierIndex(tierBeforePurchase) ? supported : tierBeforePurchase;
        return program.TierIndex(target) < program.TierIndex(Tier) ? target : null;
    }

    /// <summary>The progress towards the next tier for <paramref name="metric"/>, and towards keeping this one for <paramref name="reviewMetric"/>.</summary>
    public TierProgress Progress(ProgramSettings program, TierMeasure metric, TierMeasure? reviewMetric = null) =>
        TierRules.Progress(program, Tier, metric, reviewMetric);
}

/// <summary>What a tier review did: the review day and the tier before and after (equal when kept).</summary>
public sealed record TierReviewOutcome(DateOnly ReviewOn, string Before, string After);
