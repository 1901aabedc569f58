using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Tests.StoredValue;

/// <summary>Stored value and tiers (issue 13 item 5): bands per tier with vouchers, the cap, fixed amounts, deposit and balance tiers.</summary>
public class TopUpRulesTests
{
    private static readonly ProgramSettings Banded = ProgramSettings.Default with
    {
        TopUpBands =
        [
            new TopUpBand(500m, 0.05m),
            new TopUpBand(1_000m, 0.10m),
            new TopUpBand(1_000m, 0.12m, Tier: "gold"),
            new TopUpBand(5_000m, 0.15m, Tier: "gold", CouponTemplateId: "SV-GOLD"),
        ],
    };

    [Theory]
    [InlineData("regular", 1_000, 100)]   // the bands for everyone: 10%
    [InlineData("silver", 5_000, 500)]    // silver has no bands of its own: 10%
    [InlineData("gold", 1_000, 120)]      // gold's own band: 12%
    [InlineData("gold", 800, 0)]          // gold's own bands replace the general ones: below 1,000 nothing
    [InlineData("gold", 5_000, 750)]      // 15%
    public void The_bonus_is_read_from_the_members_tier_bands(string tier, decimal amount, decimal bonus) =>
        Assert.Equal(bonus, TopUpRules.Bonus(Banded, amount, tier));

    [Fact]
    public void A_band_can_give_a_voucher()
    {
        Assert.Equal("SV-GOLD", TopUpRules.Band(Banded, 5_000m, "gold")!.CouponTemplateId);
        Assert.Null(TopUpRules.Band(Banded, 4_999.99m, "gold")!.CouponTemplateId);
        Assert.Null(TopUpRules.Band(Banded, 499.99m, "regular"));
    }

    [Fact]
    public void The_cap_is_a_setting_and_a_band_above_it_is_refused()
    {
        Assert.Null(TopUpRules.Refusal(ProgramSettings.Default, 100_000m));
        Assert.Contains("maxTopUpAmount", TopUpRules.Refusal(ProgramSettings.Default, 100_000.01m));

        // The corporate scheme: 1% / 1.5% / 2% from 20,000 / 50,000 / 100,000; 150,000 is taken and earns 2% = 3,000.
        var corporate = ProgramSettings.Default with
        {
            MaxTopUpAmount = 500_000m,
            TopUpBands = [new TopUpBand(20_000m, 0.01m), new TopUpBand(50_000m, 0.015m), new TopUpBand(100_000m, 0.02m)],
        };
        Assert.Empty(corporate.Validate());
        Assert.Null(TopUpRules.Refusal(corporate, 150_000m));
        Assert.Equal(3_000m, corporate.TopUpBonus(150_000m));

        var unreachable = corporate with { MaxTopUpAmount = 99_999m };
        Assert.Contains(unreachable.Validate(), e => e.Field == "topUpBands[2].minAmount");
    }

    [Fact]
    public void Fixed_denominations_refuse_other_amounts()
    {
        var p = ProgramSettings.Default with { TopUpDenominations = [500m, 100m, 200m] };
        Assert.Null(TopUpRules.Refusal(p, 200m));
        Assert.Equal("Top-ups come in fixed amounts: 100, 200, 500 (topUpDenominations).", TopUpRules.Refusal(p, 300m));
        Assert.Contains((p with { TopUpDenominations = [100m, 100m] }).Validate(), e => e.Field == "topUpDenominations");
        Assert.Contains((p with { TopUpDenominations = [100_000.01m] }).Validate(), e => e.Field == "topUpDenominations[0]");
    }

    [Fact]
    public void A_single_deposit_reaches_the_highest_deposit_tier()
    {
        var p = ProgramSettings.Default with { DepositTiers = [new DepositTier(20_000m, "gold"), new DepositTier(50_000m, "diamond")] };
        Assert.Null(TopUpRules.TierForDeposit(p, 19_999.99m));
        Assert.Equal("gold", TopUpRules.TierForDeposit(p, 20_000m));
        Assert.Equal("diamond", TopUpRules.TierForDeposit(p, 60_000m));
        Assert.Contains((p with { DepositTiers = [new DepositTier(20_000m, "bronze")] }).Validate(), e => e.Field == "depositTiers[0].tier");
        Assert.Contains((p with { DepositTiers = [new DepositTier(200_000m, "gold")] }).Validate(), e => e.Field == "depositTiers[0].minDeposit");
    }

    [Fact]
    public void A_stored_balance_keeps_a_tier_at_review_but_never_lifts_one()
    {
        var p = ProgramSettings.Default with { BalanceTiers = [new BalanceTier(20_000m, "gold")] };
        Assert.Equal("gold", TopUpRules.TierKeptByBalance(p, "platinum", 25_000m));
        Assert.Equal("silver", TopUpRules.TierKeptByBalance(p, "silver", 25_000m));
        Assert.Null(TopUpRules.TierKeptByBalance(p, "gold", 19_999.99m));

        // Gold with no spend would drop to silver; 20,000 on the card keeps it, 19,999.99 does not.
        var kept = new TierStatus { Tier = "gold", Since = new DateOnly(2025, 2, 15) };
        Assert.Equal("gold", kept.Review(p, 0m, new DateOnly(2026, 2, 15), storedBalance: 20_000m)!.After);
        var dropped = new TierStatus { Tier = "gold", Since = new DateOnly(2025, 2, 15) };
        Assert.Equal("silver", dropped.Review(p, 0m, new DateOnly(2026, 2, 15), storedBalance: 19_999.99m)!.After);
    }

    [Fact]
    public void Band_settings_are_validated_per_group()
    {
        Assert.Empty(Banded.Validate());
        var badTier = Banded with { TopUpBands = [.. Banded.TopUpBands, new TopUpBand(2_000m, 0.2m, Tier: "bronze")] };
        Assert.Contains(badTier.Validate(), e => e.Field == "topUpBands[4].tier");
        var descending = Banded with { TopUpBands = [.. Banded.TopUpBands, new TopUpBand(900m, 0.2m, Tier: "gold")] };
        Assert.Contains(descending.Validate(), e => e.Field == "topUpBands[4].minAmount");
    }
}
