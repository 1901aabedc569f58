using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.Tiers;

public class TierRulesTests
{
    private static readonly ProgramSettings P = ProgramSettings.Default;

    [Theory]
    [InlineData(-50, "regular")] // refunds can push the metric below zero
    [InlineData(0, "regular")]
    [InlineData(999.99, "regular")]
    [InlineData(1000, "silver")]
    [InlineData(4999.99, "silver")]
    [InlineData(5000, "gold")]
    [InlineData(20000, "platinum")]
    [InlineData(1000000, "diamond")]
    public void Tier_for_metric_is_the_highest_threshold_reached(decimal metric, string tier) =>
        Assert.Equal(tier, TierRules.TierFor(P, metric));

    [Theory]
    [InlineData(4999.99, "regular")] // regular has no one-purchase value, it is the floor
    [InlineData(5000, "silver")]
    [InlineData(10000, "gold")]
    [InlineData(49999.99, "platinum")]
    [InlineData(50000, "diamond")]
    public void Tier_for_single_purchase_is_the_highest_one_purchase_value_reached(decimal purchase, string tier) =>
        Assert.Equal(tier, TierRules.TierForSinglePurchase(P, purchase));

    [Fact]
    public void Upgrade_by_rolling_spend_crossing_a_threshold()
    {
        Assert.Equal("gold", TierRules.Upgrade(P, "silver", metric: 5000m, singlePurchase: 300m));
    }

    [Fact]
    public void Upgrade_by_single_purchase_beats_the_rolling_spend()
    {
        // 10,000 in one purchase reaches gold, though 12-month spend 1,200 only reaches silver.
        Assert.Equal("gold", TierRules.Upgrade(P, "regular", metric: 1200m, singlePurchase: 10000m));
    }

    [Fact]
    public void Single_purchase_shortcut_can_be_switched_off()
    {
        var p = P with { SinglePurchaseShortcut = false };

        Assert.Equal("silver", TierRules.Upgrade(p, "regular", metric: 1200m, singlePurchase: 10000m));
    }

    [Fact]
    public void Upgrade_never_lowers_the_current_tier()
    {
        Assert.Equal("platinum", TierRules.Upgrade(P, "platinum", metric: 0m, singlePurchase: 0m));
    }

    [Fact]
    public void Review_keeps_the_tier_when_the_spend_still_meets_it()
    {
        Assert.Equal("gold", TierRules.Review(P, "gold", 5000m));
    }

    [Fact]
    public void Review_drops_one_step_at_most_by_default()
    {
        Assert.Equal("silver", TierRules.Review(P, "gold", 0m));
        Assert.Equal("platinum", TierRules.Review(P, "diamond", 1500m));
    }

    [Fact]
    public void Review_drops_to_the_tier_the_spend_supports_when_that_is_within_the_allowed_steps()
    {
        var p = P with { DowngradeStepsPerReview = 4 };

        Assert.Equal("silver", TierRules.Review(p, "diamond", 1500m));
        Assert.Equal("gold", TierRules.Review(P, "platinum", 7000m));
    }

    [Fact]
    public void Review_never_upgrades()
    {
        Assert.Equal("silver", TierRules.Review(P, "silver", 60000m));
    }

    [Fact]
    public void Progress_shows_what_is_missing_for_the_next_tier_and_to_keep_this_one()
    {
        Assert.Equal(new TierProgress("silver", "gold", 2000m, 0m), TierRules.Progress(P, "silver", 3000m));
        // Held gold after a single big purchase but only 800 spent in 12 months.
        Assert.Equal(new TierProgress("gold", "platinum", 19200m, 4200m), TierRules.Progress(P, "gold", 800m));
        Assert.Equal(new TierProgress("diamond", null, 0m, 10000m), TierRules.Progress(P, "diamond", 40000m));
    }

    [Fact]
    public void Unknown_current_tier_is_a_validation_error()
    {
        Assert.Equal("validation", Failing.Code(() => TierRules.Upgrade(P, "bronze", 0m, 0m)));
    }
}
