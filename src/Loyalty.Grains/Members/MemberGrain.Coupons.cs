using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Notifications;

namespace Loyalty.Grains.Members;

/// <summary>The coupon wallet (优惠券): issued once per code, used at most once, one per checkout.</summary>
public sealed partial class MemberGrain
{
    public static class CouponKinds
    {
        public const string AmountOff = "amountOff";
        public const string PercentOff = "percentOff";
    }

    public Task<CouponView> IssueCoupon(IssueCoupon request)
    {
        EnsureExists();
        if (State.Coupons.Find(c => c.Code == request.CouponCode) is { } existing)
        {
            // Issuing the same code again is a repeat: answer the coupon as it is.
            return Task.FromResult(View(existing));
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
        State.Coupons.Add(coupon);
        PruneCoupons(ProgramCalendar.Today(programs.Current, Time.GetUtcNow()));
        MarkChanged();
        Notify(NotificationKinds.CouponIssued, request.CouponCode, new CouponNote(request.CouponCode, request.Name, request.ValidTo));
        return Task.FromResult(View(coupon));
    }

    public Task<CouponList> Coupons(ListCoupons request)
    {
        EnsureExists();
        var coupons = State.Coupons.Where(c => request.IncludeUsed || c.UsedByCheckoutId is null).Select(View).ToList();
        return Task.FromResult(new CouponList(coupons));
    }

    /// <summary>
    /// The discount a coupon gives on the amount after member discounts, or a refusal (coupon_invalid with the
    /// reason). Percent is in percent (10 = 10% off); amount-off coupons need the minimum spend.
    /// </summary>
    private (MemberCoupon Coupon, decimal Discount) ApplyCoupon(string code, DateOnly today, decimal amountAfterDiscounts)
    {
        var coupon = State.Coupons.Find(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw CouponInvalid("The member has no coupon with this code.");
        if (coupon.UsedByCheckoutId is not null)
        {
            throw CouponInvalid("The coupon was already used.");
        }
        if (today < coupon.ValidFrom || today > coupon.ValidTo)
        {
            throw CouponInvalid($"The coupon is valid from {coupon.ValidFrom:yyyy-MM-dd} to {coupon.ValidTo:yyyy-MM-dd}.");
        }
        if (amountAfterDiscounts < coupon.MinSpend)
        {
            throw CouponInvalid($"The coupon needs a spend of at least {coupon.MinSpend:0.00}.");
        }
        var discount = coupon.Kind == CouponKinds.PercentOff
            ? decimal.Round(amountAfterDiscounts * coupon.Percent / 100m, 2, MidpointRounding.AwayFromZero)
            : Math.Min(coupon.Amount, amountAfterDiscounts);
        return (coupon, discount);
    }

    private static DomainException CouponInvalid(string reason) => new(ErrorCodes.CouponInvalid, reason);

    /// <summary>Used or expired coupons older than a year leave the wallet so the state stays small.</summary>
    private void PruneCoupons(DateOnly today) =>
        State.Coupons.RemoveAll(c => c.ValidTo < today.AddYears(-1));

    private static CouponView View(MemberCoupon c) => new(c.Code, c.TemplateId, c.Name, c.Kind, c.Amount, c.Percent, c.MinSpend,
        c.ValidFrom, c.ValidTo, c.Source, c.UsedByCheckoutId);
}

/// <summary>Outbox data of a coupon notification.</summary>
public sealed record CouponNote(string CouponCode, string Name, DateOnly ValidTo);
