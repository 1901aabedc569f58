using Loyalty.Domain.Points;

namespace Loyalty.Domain.Jobs;

/// <summary>
/// The expiring-points reminder (domain.md §3: members are reminded of points expiring within the reminder window).
/// Each reminder covers the lots expiring in the window; lots expiring later than the last one announced get the next.
/// </summary>
public static class ExpiryReminder
{
    /// <summary>The day to remind of the next lot not yet announced (today when that is already inside the window); null when none.</summary>
    public static DateOnly? Next(ProgramSettings program, DateOnly today, PointsWallet wallet, DateOnly? remindedThrough)
    {
        if (program.ExpiringReminderDays <= 0 || wallet.FirstExpiryAfter(today, remindedThrough) is not { } expiresOn)
        {
            return null;
        }
        var remindOn = expiresOn.AddDays(-program.ExpiringReminderDays);
        return remindOn > today ? remindOn : today;
    }

    /// <summary>The reminder due today, or null when the reminder is off or every lot in the window was announced.</summary>
    public static ExpiringPoints? Due(ProgramSettings program, DateOnly today, PointsWallet wallet, DateOnly? remindedThrough)
    {
        if (program.ExpiringReminderDays <= 0)
        {
            return null;
        }
        var until = today.AddDays(program.ExpiringReminderDays);
        var expiring = wallet.ExpiringBetween(today, until);
        if (!expiring.Any(l => remindedThrough is null || l.ExpiresOn > remindedThrough))
        {
            return null;
        }
        return new ExpiringPoints(expiring.Sum(l => l.Remaining), expiring.Min(l => l.ExpiresOn!.Value),
            expiring.Max(l => l.ExpiresOn!.Value), until);
    }
}

/// <summary>Points expiring by <see cref="Until"/>: the first lot on <see cref="FirstExpiresOn"/>, the last on <see cref="LastExpiresOn"/>.</summary>
public sealed record ExpiringPoints(long Points, DateOnly FirstExpiresOn, DateOnly LastExpiresOn, DateOnly Until);
