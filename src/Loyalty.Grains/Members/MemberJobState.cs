namespace Loyalty.Grains.Members;

/// <summary>
/// What the scheduled jobs remember in the member's state. <see cref="Due"/> mirrors this member's rows of the
/// due-date table; both are committed together, so comparing against it tells whether a row must be written and
/// a checkout that changes no due date adds no due-job write to its commit.
/// </summary>
public sealed class MemberJobState
{
    /// <summary>Job name → instant it is due, exactly as committed to the due-date table.</summary>
    public Dictionary<string, DateTimeOffset> Due { get; set; } = [];

    /// <summary>Year of the last birthday greeting (one per year).</summary>
    public int? BirthdayGreetedYear { get; set; }

    /// <summary>The latest lot expiry date already announced by a reminder; later lots get the next reminder.</summary>
    public DateOnly? RemindedThrough { get; set; }
}
