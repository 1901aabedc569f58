using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.Tiers;

public class TierStatusTests
{
    private static readonly ProgramSettings Program = ProgramSettings.Default; // silver 1,000, gold 5,000; held 12 months

    [Fact]
    public void The_lowest_tier_has_no_review_and_higher_tiers_are_reviewed_a_hold_period_after_reaching_them()
    {
        Assert.Null(new TierStatus { Tier = "regular", Since = new DateOnly(2025, 1, 1) }.ReviewOn(Program));
        Assert.Equal(new DateOnly(2026, 2, 15), new TierStatus { Tier = "gold", Since = new DateOnly(2025, 2, 15) }.ReviewOn(Program));
        Assert.Equal(new DateOnly(2025, 8, 15),
            new TierStatus { Tier = "gold", Since = new DateOnly(2025, 2, 15) }.ReviewOn(Program with { TierHoldMonths = 6 }));
    }

    [Fact]
    public void A_review_counts_the_next_hold_from_the_review_date_and_clears_a_manual_tier()
    {
        var status = new TierStatus { Tier = "gold", Since = new DateOnly(2024, 3, 1), Manual = true };

        Assert.Null(status.Review(Program, 1_200m, new DateOnly(2025, 2, 28)));
        // Run late (10 March): 1,200 supports silver; gold drops one step to silver; the hold counts from 1 March.
        var outcome = status.Review(Program, 1_200m, new DateOnly(2025, 3, 10));

        Assert.Equal(new TierReviewOutcome(new DateOnly(2025, 3, 1), "gold", "silver"), outcome);
        Assert.Equal(("silver", new DateOnly(2025, 3, 1), false), (status.Tier, status.Since, status.Manual));
    }

    [Fact]
    public void A_refund_undoes_an_upgrade_the_spend_no_longer_supports_but_never_below_the_tier_before_the_purchase()
    {
        var purchase = new DateOnly(2025, 4, 1);
        var upgraded = new TierStatus { Tier = "gold", Since = purchase };

        Assert.Equal("silver", upgraded.AfterRefund(Program, 1_500m, purchase, tierBeforePurchase: "regular"));
        Assert.Equal("silver", upgraded.AfterRefund(Program, 200m, purchase, tierBeforePurchase: "silver"));
        Assert.Null(upgraded.AfterRefund(Program, 6_000m, purchase, tierBeforePurchase: "regular"));
        // Reached before the refunded purchase, or fixed by a manager: the tier stays.
        Assert.Null(new TierStatus { Tier = "gold", Since = purchase.AddDays(-1) }.AfterRefund(Program, 0m, purchase, "regular"));
        Assert.Null(new TierStatus { Tier = "gold", Since = purchase, Manual = true }.AfterRefund(Program, 0m, purchase, "regular"));
    }

    [Fact]
    public void An_override_is_held_from_today_and_marked_manual()
    {
        var status = new TierStatus { Tier = "regular", Since = new DateOnly(2024, 1, 1) };
        status.Override("platinum", new DateOnly(2025, 5, 5));
        Assert.Equal(("platinum", new DateOnly(2025, 5, 5), true), (status.Tier, status.Since, status.Manual));
    }

    [Fact]
    public void The_metric_is_the_spend_the_program_names_or_the_points_earned()
    {
        var spend = new SpendHistory();
        spend.Add(new DateOnly(2024, 3, 1), 300m);
        spend.Add(new DateOnly(2025, 2, 1), 200m);
        var today = new DateOnly(2025, 5, 1);

        Assert.Equal(200m, TierRules.Metric(Program, spend, 999, today));
        Assert.Equal(500m, TierRules.Metric(Program with { QualifyingMetric = QualifyingMetric.LifetimeSpend }, spend, 999, today));
        Assert.Equal(999m, TierRules.Metric(Program with { QualifyingMetric = QualifyingMetric.PointsEarned }, spend, 999, today));
    }

    [Fact]
    public void The_metric_after_a_checkout_adds_its_spend_or_under_the_points_metric_its_points()
    {
        var spend = new SpendHistory();
        spend.Add(new DateOnly(2025, 2, 1), 200m);
        var today = new DateOnly(2025, 5, 1);

        Assert.Equal(350m, TierRules.MetricAfterCheckout(Program, spend, 999, today, qualifyingSpend: 150m, checkoutPoints: 300));
        Assert.Equal(1_299m, TierRules.MetricAfterCheckout(Program with { QualifyingMetric = QualifyingMetric.PointsEarned }, spend, 999, today, 150m, 300));
    }
}
