using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;

namespace Loyalty.Grains.Flows;

/// <summary>Coupons made from a template and put into a member's wallet, the one way every flow and endpoint issues them.</summary>
public static class CouponIssues
{
    /// <summary>Puts a coupon made from a template into the wallet; valid from today (or the template's start) to its last day.</summary>
    public static Task<CouponView> Issue(IGrainFactory grains, ProgramSettings program, DateTimeOffset now, string memberId,
        CouponTemplate template, string code, string source, Actor by) =>
        grains.GetGrain<IMemberGrain>(memberId).IssueCoupon(Request(program, now, template, code, source, by));

    /// <summary>The coupon a template makes when issued at <paramref name="now"/>.</summary>
    public static IssueCoupon Request(ProgramSettings program, DateTimeOffset now, CouponTemplate template, string code, string source, Actor by)
    {
        var today = ProgramCalendar.Today(program, now);
        var from = template.ValidFrom is { } start && ProgramCalendar.Today(program, start) > today ? ProgramCalendar.Today(program, start) : today;
        var until = template.ValidUntil(now);
        // ValidUntil is exclusive; the wallet keeps the last valid day.
        var lastDay = until == DateTimeOffset.MaxValue ? DateOnly.MaxValue : ProgramCalendar.Today(program, until.AddTicks(-1));
        return new IssueCoupon(code, template.TemplateId, template.Name, template.Kind,
            template.Amount ?? 0m, template.Percent ?? 0m, template.MinSpend ?? 0m, from, lastDay, source, by);
    }
}
