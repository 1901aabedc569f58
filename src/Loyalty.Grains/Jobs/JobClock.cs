using Loyalty.Domain;

namespace Loyalty.Grains.Jobs;

/// <summary>Turns program calendar dates into the instants jobs are due at (a date D is due at D 00:00 program time).</summary>
public static class JobClock
{
    /// <summary>The instant the program-local day begins.</summary>
    /// <exception cref="DomainException"><c>validation</c> when the program's time zone is unknown.</exception>
    public static DateTimeOffset StartOfDay(ProgramSettings program, DateOnly day)
    {
        if (!ProgramCalendar.TryFindTimeZone(program.TimeZone, out var zone))
        {
            throw new DomainException(DomainException.Validation, $"Unknown time zone '{program.TimeZone}'.");
        }
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a daylight-saving gap swallows midnight, the day begins at the first local time that exists.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
