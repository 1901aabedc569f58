namespace Loyalty.Domain.Jobs;

/// <summary>
/// Birthday care (会员关怀, domain.md §7): a birthday coupon from the 1st of the birthday month (valid to the month's
/// end, one per year, for tiers with a coupon amount) and a greeting on the birthday.
/// </summary>
public static class BirthdayCare
{
    /// <summary>A greeting the scheduler could not send on the day (downtime) still goes out for a few days, not later.</summary>
    public const int GreetingGraceDays = 7;

    /// <summary>The last day of the month that contains <paramref name="day"/>.</summary>
    public static DateOnly EndOfMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);

    /// <summary>The member's birthday in a year; 29 February falls on 28 February in other years (as ProgramCalendar.IsBirthday).</summary>
    public static DateOnly BirthdayIn(DateOnly birthday, int year) =>
        birthday.Month == 2 && birthday.Day == 29 && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 2, 28)
            : new DateOnly(year, birthday.Month, birthday.Day);

    /// <summary>
    /// The next birthday-month start (coupon) or birthday (greeting) still to be handled, this year or next; null when
    /// nothing is left (no birthday on file, or both done).
    /// </summary>
    /// <param name="couponAmount">The coupon the member's tier gets; a member who became eligible during the month gets it at once.</param>
    public static DateOnly? NextEvent(DateOnly birthday, DateOnly today, int? couponYear, int? greetedYear, decimal couponAmount)
    {
        for (var year = today.Year; year <= today.Year + 1; year++)
        {
            var monthStart = new DateOnly(year, birthday.Month, 1);
            var greetOn = BirthdayIn(birthday, year);
            DateOnly? next = null;
            if (couponYear != year)
            {
                if (monthStart > today)
                {
                    next = monthStart;
                }
                else if (today <= EndOfMonth(monthStart) && couponAmount > 0)
                {
                    // Became eligible during the birthday month (an upgrade): the coupon is due now.
                    next = today;
                }
            }
            if (greetedYear != year && greetOn >= today && (next is null || greetOn < next))
            {
                next = greetOn;
            }
            if (next is not null)
            {
                return next;
            }
        }
        return null;
    }

    /// <summary>The birthday coupon due today (its validity window), or null: not the birthday month, already given this year, or no amount.</summary>
    public static BirthdayCoupon? CouponDue(DateOnly birthday, DateOnly today, int? couponYear, decimal couponAmount)
    {
        if (today.Month != birthday.Month || couponYear == today.Year || couponAmount <= 0)
        {
            return null;
        }
        var monthStart = new DateOnly(today.Year, birthday.Month, 1);
        return new BirthdayCoupon(today.Year, couponAmount, monthStart, EndOfMonth(monthStart));
    }

    /// <summary>Whether the greeting is due today: on the birthday or within the grace days after, once a year.</summary>
    public static bool GreetingDue(DateOnly birthday, DateOnly today, int? greetedYear)
    {
        if (today.Month != birthday.Month || greetedYear == today.Year)
        {
            return false;
        }
        var greetOn = BirthdayIn(birthday, today.Year);
        return greetOn <= today && today <= greetOn.AddDays(GreetingGraceDays);
    }
}

/// <summary>A birthday coupon to issue: the year it is for, its amount and validity window.</summary>
public sealed record BirthdayCoupon(int Year, decimal Amount, DateOnly ValidFrom, DateOnly ValidTo);
