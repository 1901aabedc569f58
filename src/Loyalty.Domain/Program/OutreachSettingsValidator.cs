namespace Loyalty.Domain;

/// <summary>Checks the benefit and outreach settings (quotas, check-in streaks, customer classes).</summary>
internal static class OutreachSettingsValidator
{
    public static void Validate(ProgramSettings p, Action<string, string> fail)
    {
        if (p.Benefits is null)
        {
            fail("benefits", "is required (may be empty)");
        }
        else
        {
            for (var i = 0; i < p.Benefits.Count; i++)
            {
                var b = p.Benefits[i];
                var field = $"benefits[{i}]";
                if (b is null || string.IsNullOrWhiteSpace(b.Id) || b.Id.Length > 64)
                {
                    fail(field, "needs an id of 1 to 64 characters");
                    continue;
                }
                if (p.Benefits.Take(i).Any(o => o?.Id == b.Id))
                {
                    fail(field, $"benefit id '{b.Id}' is used twice");
                }
                if (string.IsNullOrWhiteSpace(b.Name))
                {
                    fail(field, "needs a name");
                }
                if (b.Tiers is not { Count: > 0 } || b.Tiers.Any(t => !p.HasTier(t)))
                {
                    fail(field, "tiers must name one or more tiers of the program");
                }
                if (!Enum.IsDefined(b.Period))
                {
                    fail(field, "unknown period");
                }
                if (b.FreePerPeriod < 0)
                {
                    fail(field, "freePerPeriod must not be negative");
                }
                if (b.FeeBeyond is < 0m)
                {
                    fail(field, "feeBeyond must not be negative");
                }
            }
        }

        if (p.CheckInStreakDays is < 0 or > 366)
        {
            fail("checkInStreakDays", "must be between 0 (off) and 366");
        }
        if (p.CheckInStreakBonus < 0)
        {
            fail("checkInStreakBonus", "must not be negative");
        }
        if (p.CustomerClassThresholds is not { Count: 3 } t || t[0] <= t[1] || t[1] <= t[2] || t[2] < 0m)
        {
            fail("customerClassThresholds", "must be three spend amounts for A, B and C, highest first, none negative");
        }
    }
}
