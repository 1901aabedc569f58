using System.Text.Json;

namespace Loyalty.Domain.Tests.Settings;

public class ProgramSettingsTests
{
    private static readonly ProgramSettings P = ProgramSettings.Default;

    [Fact]
    public void Default_program_is_valid_and_has_the_documented_numbers()
    {
        Assert.Empty(P.Validate());
        Assert.Equal(["regular", "silver", "gold", "platinum", "diamond"], P.Tiers.Select(t => t.Id));
        Assert.Equal(new TierDefinition("gold", "金卡会员", 5000m, 10000m, 0.15m, 2m, 0.20m), P.Tier("gold"));
        Assert.Equal(3, P.TierIndex("platinum"));
        Assert.Equal("Asia/Shanghai", P.TimeZone);
        Assert.Equal(100m, P.BirthdayCoupons["gold"]);
        Assert.False(P.BirthdayCoupons.ContainsKey("silver"));
        Assert.Null(P.DailyEarnCap);
        Assert.True(P.IsExcludedCategory("TOBACCO"));
    }

    [Theory]
    [InlineData(499.99, 0)]
    [InlineData(500, 25)]     // 5%
    [InlineData(999.99, 50)]  // 49.9995 → 50.00
    [InlineData(1000, 100)]   // 10%
    public void Top_up_bonus_uses_the_highest_band_reached(decimal amount, decimal bonus) =>
        Assert.Equal(bonus, P.TopUpBonus(amount));

    [Fact]
    public void Thresholds_must_ascend_and_start_at_zero()
    {
        var tiers = P.Tiers.ToList();
        tiers[0] = tiers[0] with { QualifyingSpend = 10m };
        tiers[2] = tiers[2] with { QualifyingSpend = 900m };

        var fields = (P with { Tiers = tiers }).Validate().Select(e => e.Field).ToList();

        Assert.Contains("tiers[0].qualifyingSpend", fields);
        Assert.Contains("tiers[2].qualifyingSpend", fields);
    }

    [Fact]
    public void Tier_ids_must_be_unique_and_rates_within_range()
    {
        var tiers = P.Tiers.ToList();
        tiers[1] = tiers[1] with { Id = "regular", MemberDiscountRate = 1.2m, PointsMultiplier = -1m };

        var fields = (P with { Tiers = tiers }).Validate().Select(e => e.Field).ToList();

        Assert.Contains("tiers[1].id", fields);
        Assert.Contains("tiers[1].memberDiscountRate", fields);
        Assert.Contains("tiers[1].pointsMultiplier", fields);
    }

    [Fact]
    public void Redemption_cap_corporate_rate_and_other_settings_are_checked()
    {
        var bad = P with
        {
            MaxRedemptionShare = 1.5m,
            CorporateDiscountRate = -0.1m,
            RedemptionStep = 0,
            TimeZone = "Mars/Olympus",
            BirthdayCoupons = new Dictionary<string, decimal> { ["bronze"] = 50m },
            TopUpBands = [new TopUpBand(1000m, 0.1m), new TopUpBand(500m, 0.05m)],
            DowngradeStepsPerReview = 0,
        };

        var fields = bad.Validate().Select(e => e.Field).ToList();

        Assert.Equal(
            ["timeZone", "downgradeStepsPerReview", "corporateDiscountRate", "redemptionStep", "maxRedemptionShare",
             "topUpBands[1].minAmount", "birthdayCoupons.bronze"],
            fields);
    }

    [Fact]
    public void Unknown_tier_lookup_is_a_validation_error()
    {
        Assert.Equal("validation", Failing.Code(() => P.Tier("bronze")));
        Assert.False(P.HasTier("bronze"));
    }

    [Fact]
    public void Round_trips_through_System_Text_Json_and_missing_fields_keep_defaults()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var changed = P with { Version = 2, DailyEarnCap = 5000, ExcludedCategories = ["tobacco", "lottery"] };

        var back = JsonSerializer.Deserialize<ProgramSettings>(JsonSerializer.Serialize(changed, options), options)!;
        var partial = JsonSerializer.Deserialize<ProgramSettings>("""{"version":3,"pendingDays":1}""", options)!;

        Assert.Equal(2, back.Version);
        Assert.Equal(5000, back.DailyEarnCap);
        Assert.Equal(["tobacco", "lottery"], back.ExcludedCategories);
        Assert.Equal(P.Tiers, back.Tiers);
        Assert.Equal(P.BirthdayCoupons, back.BirthdayCoupons);
        Assert.Equal(1, partial.PendingDays);
        Assert.Equal(P.Tiers, partial.Tiers);
        Assert.Empty(partial.Validate());
    }

    [Fact]
    public void A_membership_started_or_renewed_on_a_day_lasts_the_validity_months()
    {
        Assert.Null(P.MembershipValidUntil(new DateOnly(2025, 1, 31)));
        Assert.Equal(new DateOnly(2026, 1, 31), (P with { MembershipValidityMonths = 12 }).MembershipValidUntil(new DateOnly(2025, 1, 31)));
        Assert.Equal(new DateOnly(2025, 2, 28), (P with { MembershipValidityMonths = 1 }).MembershipValidUntil(new DateOnly(2025, 1, 31)));
    }

    [Fact]
    public void A_balance_change_is_large_from_the_setting_either_way_and_never_when_it_is_zero()
    {
        var program = P with { LargeBalanceChangePoints = 5_000 };
        Assert.True(program.IsLargeBalanceChange(5_000));
        Assert.True(program.IsLargeBalanceChange(-5_000));
        Assert.False(program.IsLargeBalanceChange(4_999));
        Assert.False((P with { LargeBalanceChangePoints = 0 }).IsLargeBalanceChange(1_000_000));
    }
}
