using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.Tiers;

/// <summary>The further ways to qualify for a tier (issue 13 item 6): windows, purchase counts, quarter points, spend or points, calendar-year validity.</summary>
public class TierQualificationTests
{
    private static readonly DateOnly Today = new(2025, 8, 15);

    [Fact]
    public void The_rolling_spend_window_is_the_programs_number_of_months()
    {
        var spend = new SpendHistory();
        spend.Add(new DateOnly(2023, 9, 1), 3_000m);   // inside 24 months (from 2023-08-16)
        spend.Add(new DateOnly(2024, 12, 1), 1_500m);  // inside 12 months (from 2024-08-16)
        spend.Add(new DateOnly(2025, 6, 1), 800m);     // inside 6 months (from 2025-02-16)

        Metric(6, 800m, "regular");
        Metric(12, 2_300m, "silver");
        Metric(24, 5_300m, "gold");

        void Metric(int months, decimal expected, string tier)
        {
            var p = ProgramSettings.Default with { QualifyingWindowMonths = months };
            Assert.Equal(expected, TierRules.Metric(p, spend, 0, Today));
            Assert.Equal(tier, TierRules.TierFor(p, TierRules.Measure(p, spend, 0, Today)));
        }
    }

    [Fact]
    public void Purchases_are_counted_in_the_window_and_a_checkout_counts_one_more()
    {
        var p = ProgramSettings.Default with
        {
            QualifyingMetric = QualifyingMetric.PurchaseCount,
            QualifyingWindowMonths = 6,
            Tiers = Counts(0, 5, 10, 20, 50),
        };
        var history = new SpendHistory();
        history.AddPurchase(new DateOnly(2025, 2, 15), 4);   // exactly 6 months ago: outside
        history.AddPurchase(new DateOnly(2025, 2, 16));
        history.AddPurchase(new DateOnly(2025, 5, 1), 2);
        history.AddPurchase(Today);

        Assert.Equal(4m, TierRules.Metric(p, history, 0, Today));
        Assert.Equal("regular", TierRules.TierFor(p, 4m));
        var after = TierRules.MeasureAfterCheckout(p, history, 0, Today, qualifyingSpend: 12.50m, checkoutPoints: 12);
        Assert.Equal(5m, after.Value);
        Assert.Equal("silver", TierRules.Upgrade(p, "regular", after, singlePurchase: 12.50m));
    }

    [Fact]
    public void Quarter_points_count_only_the_current_calendar_quarter()
    {
        var p = ProgramSettings.Default with { QualifyingMetric = QualifyingMetric.QuarterPoints };
        var history = new SpendHistory();
        history.AddPoints(new DateOnly(2025, 6, 30), 900);   // Q2
        history.AddPoints(new DateOnly(2025, 7, 1), 400);    // Q3 from here
        history.AddPoints(Today, 700);

        Assert.Equal(1_100m, TierRules.Metric(p, history, 99_999, Today));
        Assert.Equal("silver", TierRules.TierFor(p, 1_100m));
        // A checkout earning 3,900 points lifts Q3 to 5,000: gold.
        Assert.Equal("gold", TierRules.Upgrade(p, "silver", TierRules.MeasureAfterCheckout(p, history, 0, Today, 100m, 3_900), 100m));
        // On 1 October the quarter starts over.
        Assert.Equal(0m, TierRules.Metric(p, history, 0, new DateOnly(2025, 10, 1)));
    }

    [Fact]
    public void Spend_or_points_reaches_the_higher_of_the_two_routes()
    {
        var p = ProgramSettings.Default with
        {
            QualifyingMetric = QualifyingMetric.SpendOrPoints,
            Tiers = ProgramSettings.Default.Tiers.Select(t => t.Id switch
            {
                "silver" => t with { QualifyingPoints = 1_500 },
                "gold" => t with { QualifyingPoints = 8_000 },
                _ => t,
            }).ToList(),
        };
        var history = new SpendHistory();
        history.Add(new DateOnly(2025, 3, 1), 1_200m);       // silver by spend
        history.AddPoints(new DateOnly(2025, 3, 1), 8_000);  // gold by points
        history.AddPoints(new DateOnly(2024, 8, 15), 5_000); // outside the 12-month window

        var measure = TierRules.Measure(p, history, 0, Today);
        Assert.Equal(new TierMeasure(1_200m, 8_000), measure);
        Assert.Equal("gold", TierRules.TierFor(p, measure));
        Assert.Equal("silver", TierRules.TierFor(p, new TierMeasure(300m, 1_500)));
        Assert.Equal("regular", TierRules.TierFor(p, new TierMeasure(300m, 1_499)));
        // Platinum has no points route: 20,000 − 1,200 = 18,800 spend to go; gold is kept by its points.
        Assert.Equal(new TierProgress("gold", "platinum", 18_800m, 0m), TierRules.Progress(p, "gold", measure));
        // The review keeps gold on points alone, and a checkout adds both its spend and its points.
        Assert.Equal("gold", TierRules.Review(p, "gold", new TierMeasure(0m, 8_000)));
        Assert.Equal(new TierMeasure(1_300m, 8_150), TierRules.MeasureAfterCheckout(p, history, 0, Today, 100m, 150));
    }

    [Fact]
    public void The_review_reads_the_hold_window_not_twelve_months()
    {
        var p = ProgramSettings.Default with { TierHoldMonths = 6 };
        var history = new SpendHistory();
        history.Add(new DateOnly(2024, 12, 1), 5_000m);  // in the 12-month window, before the 6-month hold
        history.Add(new DateOnly(2025, 5, 1), 1_200m);
        var gold = new TierStatus { Tier = "gold", Since = new DateOnly(2025, 2, 15) };

        Assert.Equal(6_200m, TierRules.Metric(p, history, 0, Today));
        var review = TierRules.ReviewMeasure(p, history, 0, Today, gold.ReviewOn(p));
        Assert.Equal(1_200m, review.Value);
        // To keep gold: 5,000 − 1,200 = 3,800 more within the hold; the 12-month metric already reaches gold.
        Assert.Equal(new TierProgress("gold", "platinum", 13_800m, 3_800m), gold.Progress(p, TierRules.Measure(p, history, 0, Today), review));

        var outcome = gold.Review(p, review, Today);
        Assert.Equal(new TierReviewOutcome(new DateOnly(2025, 8, 15), "gold", "silver"), outcome);
    }

    [Fact]
    public void A_tier_valid_to_the_end_of_the_calendar_year_is_reviewed_on_1_January_against_that_year()
    {
        var p = ProgramSettings.Default with { TierValidity = TierValidity.CalendarYearEnd };
        var gold = new TierStatus { Tier = "gold", Since = new DateOnly(2025, 6, 10) };
        Assert.Equal(new DateOnly(2026, 1, 1), gold.ReviewOn(p));

        var history = new SpendHistory();
        history.Add(new DateOnly(2024, 12, 31), 4_000m);   // the year before: not read
        history.Add(new DateOnly(2025, 3, 1), 800m);
        history.Add(new DateOnly(2025, 11, 30), 300m);
        history.Add(new DateOnly(2026, 1, 1), 500m);       // the new year: not read
        var newYear = new DateOnly(2026, 1, 1);

        var review = TierRules.ReviewMeasure(p, history, 0, newYear, gold.ReviewOn(p));
        Assert.Equal(1_100m, review.Value);
        Assert.Null(gold.Review(p, review, new DateOnly(2025, 12, 31)));
        Assert.Equal(new TierReviewOutcome(newYear, "gold", "silver"), gold.Review(p, review, newYear));
        // The silver that stays is valid to the end of 2026.
        Assert.Equal(new DateOnly(2027, 1, 1), gold.ReviewOn(p));
    }

    [Fact]
    public void Calendar_year_spend_with_calendar_validity_reviews_the_year_that_ended()
    {
        var p = ProgramSettings.Default with { QualifyingMetric = QualifyingMetric.CalendarYearSpend, TierValidity = TierValidity.CalendarYearEnd };
        var history = new SpendHistory();
        history.Add(new DateOnly(2025, 4, 1), 5_200m);
        var gold = new TierStatus { Tier = "gold", Since = new DateOnly(2025, 4, 1) };
        // On 2 January (a late run) the 2025 spend still counts, not the 0 of 2026.
        Assert.Equal(5_200m, TierRules.ReviewMeasure(p, history, 0, new DateOnly(2026, 1, 2), gold.ReviewOn(p)).Value);
        Assert.Equal(0m, TierRules.Metric(p, history, 0, new DateOnly(2026, 1, 2)));
    }

    [Fact]
    public void A_quarter_points_review_reads_the_best_quarter_of_the_hold()
    {
        var p = ProgramSettings.Default with { QualifyingMetric = QualifyingMetric.QuarterPoints };
        var history = new SpendHistory();
        history.AddPoints(new DateOnly(2024, 9, 30), 9_000);  // Q3 2024, inside the 12-month hold (from 2024-08-16)
        history.AddPoints(new DateOnly(2024, 8, 15), 9_000);  // Q3 2024 too, but outside the hold window
        history.AddPoints(new DateOnly(2025, 1, 5), 2_000);
        history.AddPoints(new DateOnly(2025, 3, 20), 2_500);  // Q1 2025: 4,500
        var review = TierRules.ReviewMeasure(p, history, 0, Today, Today);
        Assert.Equal(9_000m, review.Value);                   // Q3 2024 counts only its days inside the window; Q1 2025 is 4,500
        Assert.Equal("gold", TierRules.Review(p, "gold", review));       // gold needs 5,000 in one quarter
        Assert.Equal("gold", TierRules.Review(p, "platinum", review));   // platinum needs 20,000: one step down
    }

    [Fact]
    public void History_keeps_the_longest_window_and_merges_day_by_day()
    {
        var history = new SpendHistory();
        history.Add(new DateOnly(2023, 9, 1), 100m);
        history.AddPurchase(new DateOnly(2023, 9, 1));
        history.AddPoints(new DateOnly(2023, 9, 1), 100);
        history.Prune(Today, keepMonths: 24);
        Assert.Equal(100m, history.RollingSpend(Today, 24));
        Assert.Equal(1, history.PurchasesBetween(new DateOnly(2023, 1, 1), Today));

        history.Prune(Today);                                 // default: from 1 January last year
        Assert.Equal(0m, history.RollingSpend(Today, 24));
        Assert.Equal(100m, history.Lifetime);
        Assert.Empty(history.Purchases);
        Assert.Empty(history.Points);

        var other = new SpendHistory { ArchivedTotal = 50m };
        other.Add(Today, 20m);
        other.AddPurchase(Today);
        other.AddPoints(Today, 30);
        history.Merge(other);
        Assert.Equal(170m, history.Lifetime);
        Assert.Equal(1, history.PurchasesBetween(Today, Today));
        Assert.Equal(30, history.PointsBetween(Today, Today));
    }

    [Fact]
    public void Settings_for_the_new_rules_are_validated()
    {
        Assert.Contains((ProgramSettings.Default with { QualifyingWindowMonths = 0 }).Validate(), e => e.Field == "qualifyingWindowMonths");
        Assert.Contains((ProgramSettings.Default with { QualifyingWindowMonths = 61 }).Validate(), e => e.Field == "qualifyingWindowMonths");
        Assert.Contains((ProgramSettings.Default with { TierValidity = (TierValidity)7 }).Validate(), e => e.Field == "tierValidity");
        Assert.Contains((ProgramSettings.Default with { QualifyingMetric = QualifyingMetric.PurchaseCount, Tiers = Counts(0, 5, 10.5m, 20, 50) }).Validate(),
            e => e.Field == "tiers[2].qualifyingSpend");
        var descending = ProgramSettings.Default.Tiers.Select(t => t.Id switch
        {
            "silver" => t with { QualifyingPoints = 2_000 },
            "gold" => t with { QualifyingPoints = 2_000 },
            _ => t,
        }).ToList();
        Assert.Contains((ProgramSettings.Default with { Tiers = descending }).Validate(), e => e.Field == "tiers[2].qualifyingPoints");
        Assert.Empty((ProgramSettings.Default with { QualifyingWindowMonths = 24, TierValidity = TierValidity.CalendarYearEnd }).Validate());
    }

    private static List<TierDefinition> Counts(params decimal[] thresholds) =>
        ProgramSettings.Default.Tiers.Select((t, i) => t with { QualifyingSpend = thresholds[i] }).ToList();
}
