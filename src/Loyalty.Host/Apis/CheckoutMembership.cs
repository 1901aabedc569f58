using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence;

namespace Loyalty.Host.Apis;

/// <summary>
/// Membership steps around a checkout, run by the host: automatic joining on a purchase threshold before it, and the
/// referral reward after a referred member's first purchase. Neither can make a committed checkout fail.
/// </summary>
public static partial class CheckoutMembership
{
    /// <summary>
    /// Automatic joining (入会): an unknown phone + name whose basket subtotal reaches <c>AutoJoinThreshold</c> is
    /// registered (home store = the checkout's store) so the checkout runs as a member. Answers the new member id, or
    /// null when the rule does not apply. A retry finds the member by phone + name, so it never registers twice.
    /// </summary>
    public static async Task<string?> AutoJoinAsync(CheckoutBody body, Caller caller, IGrainFactory grains, IProgramProvider programs)
    {
        if (programs.Current.AutoJoinThreshold is not { } threshold || Phones.Normalize(body.Phone) is not { } phone || body.Name is null)
        {
            return null;
        }
        var subtotal = body.LineRequests().Sum(l => Money.Round(l.Quantity * l.UnitPrice));
        if (subtotal < threshold)
        {
            return null;
        }
        var memberId = Ids.NewMemberId();
        var phoneIndex = grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone));
        if ((await phoneIndex.Claim(new ClaimPhone(memberId))).MemberId != memberId)
        {
            // The phone belongs to a member with another name: not ours to register.
            return null;
        }
        try
        {
            await grains.GetGrain<IMemberGrain>(memberId).Register(new RegisterMember(
                memberId, body.Name.Trim(), phone, null, null, body.StoreId, null, caller.AsActor() with { KeyId = $"auto-join:{caller.KeyId}" }));
            return memberId;
        }
        catch
        {
            await phoneIndex.Release(new ReleasePhone(memberId));
            throw;
        }
    }

    /// <summary>
    /// After a committed checkout: when the member was referred and the referrer was not credited yet, the referrer
    /// earns the referral points (idempotent per <c>referral:{memberId}</c>). A refusal (referrer frozen) or failure is
    /// logged and retried after the member's next purchase; the receipt is answered regardless.
    /// </summary>
    public static async Task RewardReferralAsync(Receipt receipt, Caller caller, IGrainFactory grains, ILogger logger)
    {
        if (!receipt.ReferralPending)
        {
            return;
        }
        try
        {
            var member = grains.GetGrain<IMemberGrain>(receipt.MemberId);
            var info = await member.Referral(new GetReferral());
            if (info.ReferrerMemberId is not { } referrer || info.Credited)
            {
                return;
            }
            var referralId = $"referral:{receipt.MemberId}";
            try
            {
                await grains.GetGrain<IMemberGrain>(referrer).CreditReferral(new CreditReferral(referralId, receipt.MemberId, caller.AsActor()));
            }
            catch (DuplicateOperationException)
            {
                // Credited before; only the mark on the member was missing.
            }
            await member.MarkReferralCredited(new MarkReferralCredited(referralId));
        }
        catch (Exception exception) when (exception is DomainException or GrainConflictException or DuplicateOperationException)
        {
            LogReferralDeferred(logger, receipt.MemberId, exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = LogEvents.ReferralDeferred, Level = LogLevel.Warning, Message = "Referral reward for member {MemberId} deferred to a later purchase: {Reason}")]
    private static partial void LogReferralDeferred(ILogger logger, string memberId, string reason);
}
