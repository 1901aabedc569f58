using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;

namespace Loyalty.Host.Apis;

/// <summary>
/// The host's side of the referral reward after a checkout: the flow (<see cref="CheckoutFlow.RewardReferralAsync"/>)
/// credits the referrer, and a deferred reward is logged here. Neither can make a committed checkout fail.
/// </summary>
public static partial class CheckoutMembership
{
    public static async Task RewardReferralAsync(Receipt receipt, Caller caller, CheckoutFlow checkouts, ILogger logger)
    {
        if (await checkouts.RewardReferralAsync(receipt, caller.AsActor()) is { } deferred)
        {
            LogReferralDeferred(logger, receipt.MemberId, deferred);
        }
    }

    [LoggerMessage(EventId = LogEvents.ReferralDeferred, Level = LogLevel.Warning, Message = "Referral reward for member {MemberId} deferred to a later purchase: {Reason}")]
    private static partial void LogReferralDeferred(ILogger logger, string memberId, string reason);
}
