using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Notifications;

namespace Loyalty.Grains.Members;

/// <summary>The coupon purse (优惠券) seen from outside: issuing and listing; the rules live in <see cref="CouponPurse"/>.</summary>
public sealed partial class MemberGrain
{
    public Task<CouponView> IssueCoupon(IssueCoupon request)
    {
        EnsureExists();
        if (State.CouponPurse.Find(request.CouponCode) is { } existing)
        {
            // Issuing the same code again is a repeat: answer the coupon as it is.
            return Task.FromResult(MemberViews.Coupon(existing));
        }
        EnsureCanTransact();
        var coupon = new MemberCoupon
        {
            Code = request.CouponCode,
            TemplateId = request.TemplateId,
            Name = request.Name,
            Kind = request.Kind,
            Amount = request.Amount,
            Percent = request.Percent,
            MinSpend = request.MinSpend,
            ValidFrom = request.ValidFrom,
            ValidTo = request.ValidTo,
            Source = request.Source,
        };
        State.CouponPurse.Issue(coupon, ProgramCalendar.Today(programs.Current, Time.GetUtcNow()));
        MarkChanged();
        Notify(NotificationKinds.CouponIssued, request.CouponCode, new CouponNote(request.CouponCode, request.Name, request.ValidTo));
        return Task.FromResult(MemberViews.Coupon(coupon));
    }

    /// <summary>
    /// Outreach to a segment: an active member in the segment (and a tier the template allows) gets the coupon; a member
    /// who already holds the job's code is answered as holding it, so a resumed job never gives a second one.
    /// </summary>
    public async Task<OutreachIssueResult> IssueOutreachCoupon(IssueOutreachCoupon request)
    {
        EnsureExists();
        if (State.CouponPurse.Find(request.Coupon.CouponCode) is not null)
        {
            return new OutreachIssueResult(Holds: true, NewlyIssued: false);
        }
        var s = request.Segment;
        var criteria = new Loyalty.Domain.Outreach.SegmentCriteria(s.Tier, s.RfmSegment, s.BirthdayMonth, s.HomeStoreId);
        var inSegment = State.Status == Contracts.MemberStatus.Active
            && criteria.MatchesMember(State.Tier, State.Birthday, State.HomeStoreId)
            && (request.TemplateTiers is null || request.TemplateTiers.Contains(State.Tier, StringComparer.Ordinal));
        if (!inSegment)
        {
            return new OutreachIssueResult(Holds: false, NewlyIssued: false);
        }
        await IssueCoupon(request.Coupon);
        return new OutreachIssueResult(Holds: true, NewlyIssued: true);
    }

    public Task<CouponList> Coupons(ListCoupons request)
    {
        EnsureExists();
        return Task.FromResult(new CouponList(State.CouponPurse.List(request.IncludeUsed).Select(MemberViews.Coupon).ToList()));
    }
}

/// <summary>Outbox data of a coupon notification.</summary>
public sealed record CouponNote(string CouponCode, string Name, DateOnly ValidTo);
