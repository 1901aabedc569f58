using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Loyalty.Domain;

/// <summary>Calendar dates as the program sees them: "today" and birthdays in the program's time zone.</summary>
public static class ProgramCalendar
{
    // Time zone lookups read tzdata from disk; checkout calls this on every request, so cache.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The program-local calendar date at instant <paramref name="now"/>.</summary>
    /// <exception cref="DomainException"><c>validation</c> when the program's time zone is unknown.</exception>
    public static DateOnly Today(ProgramSettings p, DateTimeOffset now)
    {
        if (!TryFindTimeZone(p.TimeZone, out var zone))
        {
            throw new DomainException(DomainException.Validation, $"Unknown time zone '{p.TimeZone}'.");
        }

        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
    }

    /// <summary>Whether <paramref name="today"/> is the member's birthday; no birthday on file means never.</summary>
    /// <remarks>
    /// A 29 February birthday is celebrated on 28 February in non-leap years, so those members
    /// still get their birthday discount every year (and it stays inside February, the birthday
    /// month used for birthday coupons).
    /// </remarks>
    public static bool IsBirthday(DateOnly? birthday, DateOnly today)
    {
        if (birthday is not { } b)
        {
            return false;
        }

        if (b.Month == 2 && b.Day == 29 && !DateTime.IsLeapYear(today.Year))
        {
            return today.Month == 2 && today.Day == 28;
        }

        return today.Month == b.Month && today.Day == b.Day;
    }

    /// <summary>Resolves an IANA (or Windows) time zone id; false when the system does not know it.</summary>
    public static bool TryFindTimeZone(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = Zones.GetOrAdd(id, Resolve);
        return zone is not null;
    }

    private static TimeZoneInfo? Resolve(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            // Slim container images may ship without tzdata. China has had no daylight saving
            // since 1991, so the default program's zone is safely a fixed UTC+8 in that case.
            return id == "Asia/Shanghai"
                ? TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time")
                : null;
        }
    }
}
