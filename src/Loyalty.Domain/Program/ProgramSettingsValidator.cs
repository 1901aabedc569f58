namespace Loyalty.Domain;

/// <summary>Checks that a <see cref="ProgramSettings"/> is internally consistent before it is used.</summary>
internal static class ProgramSettingsValidator
{
    public static IReadOnlyList<SettingsError> Validate(ProgramSettings p)
    {
        var errors = new List<SettingsError>();
        void Fail(string field, string message) => errors.Add(new SettingsError(field, message));
        void Fraction(string field, decimal value)
        {
            if (value is < 0m or > 1m)
            {
                Fail(field, "must be between 0 and 1");
            }
        }
        void NotNegative(string field, decimal value)
        {
            if (value < 0m)
            {
                Fail(field, "must not be negative");
            }
        }

        if (p.Version < 1)
        {
            Fail("version", "must be at least 1");
        }

        if (string.IsNullOrWhiteSpace(p.TimeZone) || !ProgramCalendar.TryFindTimeZone(p.TimeZone, out _))
        {
            Fail("timeZone", $"unknown time zone '{p.TimeZone}'");
        }

        ValidateTiers(p, Fail, Fraction, NotNegative);

        if (!Enum.IsDefined(p.QualifyingMetric))
        {
            Fail("qualifyingMetric", "unknown metric");
        }

        if (p.DowngradeStepsPerReview < 1)
        {
            Fail("downgradeStepsPerReview", "must be at least 1");
        }

        if (p.TierHoldMonths < 1)
        {
            Fail("tierHoldMonths", "must be at least 1");
        }

        if (p.QualifyingWindowMonths is < 1 or > 60)
        {
            Fail("qualifyingWindowMonths", "must be between 1 and 60");
        }

        if (!Enum.IsDefined(p.TierValidity))
        {
            Fail("tierValidity", "unknown validity");
        }

        Fraction("corporateDiscountRate", p.CorporateDiscountRate);
        Fraction("priceFloorRate", p.PriceFloorRate);
        NotNegative("pointsPerYuan", p.PointsPerYuan);

        if (p.ExcludedCategories is null)
        {
            Fail("excludedCategories", "is required (may be empty)");
        }
        else if (p.ExcludedCategories.Any(string.IsNullOrWhiteSpace))
        {
            Fail("excludedCategories", "must not contain blank categories");
        }

        NotNegative("checkInPoints", p.CheckInPoints);
        NotNegative("reviewPoints", p.ReviewPoints);
        NotNegative("referralPoints", p.ReferralPoints);
        if (p.DailyEarnCap is { } cap)
        {
            NotNegative("dailyEarnCap", cap);
        }

        NotNegative("pendingDays", p.PendingDays);
        NotNegative("birthdayChangeMonths", p.BirthdayChangeMonths);
        NotNegative("cardFee", p.CardFee);
        if (p.PinMaxAttempts < 1)
        {
            Fail("pinMaxAttempts", "must be at least 1");
        }
        if (p.ReplacementWindowDays is < 1)
        {
            Fail("replacementWindowDays", "must be at least 1 day when given");
        }
        if (p.CardTypesNeedingApproval is null)
        {
            Fail("cardTypesNeedingApproval", "is required (may be empty)");
        }
        else if (p.CardTypesNeedingApproval.Any(t => t is not ("standard" or "storedValue" or "corporate")))
        {
            Fail("cardTypesNeedingApproval", "card types are standard, storedValue or corporate");
        }

        if (p.PointsPerRedemptionUnit <= 0)
        {
            Fail("pointsPerRedemptionUnit", "must be positive");
        }

        if (p.RedemptionUnitValue <= 0m)
        {
            Fail("redemptionUnitValue", "must be positive");
        }

        if (p.RedemptionStep <= 0)
        {
            Fail("redemptionStep", "must be positive");
        }

        Fraction("maxRedemptionShare", p.MaxRedemptionShare);

        if (!Enum.IsDefined(p.ExpiryPolicy))
        {
            Fail("expiryPolicy", "unknown policy");
        }

        if (p.ExpiryPolicy == ExpiryPolicy.Rolling && p.ExpiryMonths < 1)
        {
            Fail("expiryMonths", "must be at least 1 for rolling expiry");
        }

        NotNegative("expiringReminderDays", p.ExpiringReminderDays);
        NotNegative("dailyTransferLimit", p.DailyTransferLimit);

        if (!Enum.IsDefined(p.RefundPolicy))
        {
            Fail("refundPolicy", "unknown policy");
        }

        if (p.AutoJoinThreshold is <= 0m)
        {
            Fail("autoJoinThreshold", "must be positive or null (off)");
        }

        if (p.MembershipValidityMonths is < 1)
        {
            Fail("membershipValidityMonths", "must be at least 1 or null (never expires)");
        }

        NotNegative("cardReplacementFee", p.CardReplacementFee);
        ValidateTopUpBands(p, Fail, Fraction);
        ValidateBirthdayCoupons(p, Fail);
        ValidateCatalogSettings(p, Fail);
        OutreachSettingsValidator.Validate(p, Fail);

        return errors;
    }

    private static void ValidateCatalogSettings(ProgramSettings p, Action<string, string> fail)
    {
        if (p.BirthdayCouponValidDays is < 1 or > 366)
        {
            fail("birthdayCouponValidDays", "must be between 1 and 366, or null (to the end of the birthday month)");
        }

        if (p.WelcomeCouponTemplateId is { } template && (template.Length is 0 or > 64 || string.IsNullOrWhiteSpace(template)))
        {
            fail("welcomeCouponTemplateId", "must be a template id (1–64 characters) or null (no welcome coupon)");
        }

        if (p.RedemptionMonths is null)
        {
            fail("redemptionMonths", "is required (empty = any month)");
        }
        else
        {
            if (p.RedemptionMonths.Any(m => m is < 1 or > 12))
            {
                fail("redemptionMonths", "months must be between 1 and 12");
            }

            if (p.RedemptionMonths.Distinct().Count() != p.RedemptionMonths.Count)
            {
                fail("redemptionMonths", "months must not repeat");
            }
        }

        if (p.ManualAdjustmentLimit < 0)
        {
            fail("manualAdjustmentLimit", "must not be negative");
        }

        if (p.LargeBalanceChangePoints < 1)
        {
            fail("largeBalanceChangePoints", "must be at least 1");
        }

        if (p.ManualAdjustmentDailyLimit < 0)
        {
            fail("manualAdjustmentDailyLimit", "must not be negative");
        }

        if (p.MaxLineAmount <= 0)
        {
            fail("maxLineAmount", "must be greater than 0");
        }

        if (p.MaxCheckoutAmount < p.MaxLineAmount)
        {
            fail("maxCheckoutAmount", "must be at least maxLineAmount");
        }
    }

    private static void ValidateTiers(
        ProgramSettings p, Action<string, string> fail, Action<string, decimal> fraction, Action<string, decimal> notNegative)
    {
        if (p.Tiers is null || p.Tiers.Count == 0)
        {
            fail("tiers", "at least one tier is required");
            return;
        }

        if (p.Tiers[0].QualifyingSpend != 0m)
        {
            fail("tiers[0].qualifyingSpend", "the first tier must start at 0");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        decimal? previousSinglePurchase = null;
        long? previousPoints = null;
        for (var i = 0; i < p.Tiers.Count; i++)
        {
            var t = p.Tiers[i];
            var at = $"tiers[{i}]";
            if (string.IsNullOrWhiteSpace(t.Id))
            {
                fail($"{at}.id", "is required");
            }
            else if (!ids.Add(t.Id))
            {
                fail($"{at}.id", $"duplicate tier id '{t.Id}'");
            }

            notNegative($"{at}.qualifyingSpend", t.QualifyingSpend);
            if (i > 0 && t.QualifyingSpend <= p.Tiers[i - 1].QualifyingSpend)
            {
                fail($"{at}.qualifyingSpend", "thresholds must ascend strictly");
            }

            if (t.SinglePurchase is { } single)
            {
                if (single <= 0m)
                {
                    fail($"{at}.singlePurchase", "must be positive or null (no shortcut)");
                }
                else if (previousSinglePurchase is { } prev && single <= prev)
                {
                    fail($"{at}.singlePurchase", "single-purchase values must ascend strictly");
                }

                previousSinglePurchase = single;
            }

            if (p.QualifyingMetric == QualifyingMetric.PurchaseCount && t.QualifyingSpend != decimal.Truncate(t.QualifyingSpend))
            {
                fail($"{at}.qualifyingSpend", "must be a whole number of purchases under the purchaseCount metric");
            }

            if (t.QualifyingPoints is { } points)
            {
                if (points < 0)
                {
                    fail($"{at}.qualifyingPoints", "must not be negative");
                }
                else if (previousPoints is { } prevPoints && points <= prevPoints)
                {
                    fail($"{at}.qualifyingPoints", "points thresholds must ascend strictly");
                }

                previousPoints = points;
            }

            fraction($"{at}.memberDiscountRate", t.MemberDiscountRate);
            fraction($"{at}.birthdayDiscountRate", t.BirthdayDiscountRate);
            notNegative($"{at}.pointsMultiplier", t.PointsMultiplier);
        }
    }

    private static void ValidateTopUpBands(ProgramSettings p, Action<string, string> fail, Action<string, decimal> fraction)
    {
        if (p.TopUpBands is null)
        {
            fail("topUpBands", "is required (may be empty)");
            return;
        }

        for (var i = 0; i < p.TopUpBands.Count; i++)
        {
            var band = p.TopUpBands[i];
            // Bands ascend within their group: the bands for everyone, and each tier's own bands.
            var previous = p.TopUpBands.Take(i).LastOrDefault(b => b.Tier == band.Tier);
            if (band.MinAmount <= 0m)
            {
                fail($"topUpBands[{i}].minAmount", "must be positive");
            }
            else if (previous is not null && band.MinAmount <= previous.MinAmount)
            {
                fail($"topUpBands[{i}].minAmount", "bands must ascend strictly");
            }
            else if (band.MinAmount > p.MaxTopUpAmount)
            {
                fail($"topUpBands[{i}].minAmount", "is above maxTopUpAmount: no top-up could reach the band");
            }

            fraction($"topUpBands[{i}].bonusRate", band.BonusRate);
            if (band.Tier is { } tier && p.Tiers is not null && !p.HasTier(tier))
            {
                fail($"topUpBands[{i}].tier", $"unknown tier '{tier}'");
            }

            if (band.CouponTemplateId is { } template && (template.Length is 0 or > 64 || string.IsNullOrWhiteSpace(template)))
            {
                fail($"topUpBands[{i}].couponTemplateId", "must be a template id (1–64 characters) or null (no voucher)");
            }
        }

        ValidateDeposits(p, fail);
    }

    private static void ValidateDeposits(ProgramSettings p, Action<string, string> fail)
    {
        if (p.MaxTopUpAmount <= 0m)
        {
            fail("maxTopUpAmount", "must be greater than 0");
        }

        if (p.TopUpDenominations is null)
        {
            fail("topUpDenominations", "is required (empty = any amount)");
        }
        else
        {
            for (var i = 0; i < p.TopUpDenominations.Count; i++)
            {
                var amount = p.TopUpDenominations[i];
                if (amount <= 0m || amount > p.MaxTopUpAmount || !Money.HasAtMostDecimals(amount))
                {
                    fail($"topUpDenominations[{i}]", "must be positive, at most maxTopUpAmount, with at most 2 decimals");
                }
            }

            if (p.TopUpDenominations.Distinct().Count() != p.TopUpDenominations.Count)
            {
                fail("topUpDenominations", "amounts must not repeat");
            }
        }

        Rules("depositTiers", p.DepositTiers?.Select(d => (d.MinDeposit, d.Tier)).ToList(), "minDeposit", capped: true);
        Rules("balanceTiers", p.BalanceTiers?.Select(b => (b.MinBalance, b.Tier)).ToList(), "minBalance", capped: false);

        void Rules(string field, List<(decimal Min, string Tier)>? rules, string minField, bool capped)
        {
            if (rules is null)
            {
                fail(field, "is required (may be empty)");
                return;
            }

            for (var i = 0; i < rules.Count; i++)
            {
                var (min, tier) = rules[i];
                if (min <= 0m)
                {
                    fail($"{field}[{i}].{minField}", "must be positive");
                }
                else if (i > 0 && min <= rules[i - 1].Min)
                {
                    fail($"{field}[{i}].{minField}", "must ascend strictly");
                }
                else if (capped && min > p.MaxTopUpAmount)
                {
                    fail($"{field}[{i}].{minField}", "is above maxTopUpAmount: no top-up could reach it");
                }

                if (p.Tiers is not null && (tier is null || !p.HasTier(tier)))
                {
                    fail($"{field}[{i}].tier", $"unknown tier '{tier}'");
                }
            }
        }
    }

    private static void ValidateBirthdayCoupons(ProgramSettings p, Action<string, string> fail)
    {
        if (p.BirthdayCoupons is null)
        {
            fail("birthdayCoupons", "is required (may be empty)");
            return;
        }

        foreach (var (tierId, amount) in p.BirthdayCoupons)
        {
            if (p.Tiers is not null && !p.HasTier(tierId))
            {
                fail($"birthdayCoupons.{tierId}", "unknown tier");
            }

            if (amount < 0m)
            {
                fail($"birthdayCoupons.{tierId}", "must not be negative");
            }
        }
    }
}
