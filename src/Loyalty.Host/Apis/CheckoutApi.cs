using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>Checkout (收银), the hot path: POST a basket, get the receipt; quote the same without changing anything.</summary>
public static class CheckoutApi
{
    private static readonly Counter<long> Checkouts = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.checkout.count", "{checkout}", "Checkouts answered, by outcome");
    private static readonly Histogram<double> Durations = LoyaltyMeter.SecondsHistogram(
        "loyalty.checkout.duration", "Time to answer a checkout");

    public static RouteGroupBuilder MapCheckoutApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/checkouts").RequireAuthorization().WithTags("Checkouts");
        group.MapPost("/", CreateCheckout).WithName(nameof(CreateCheckout)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardLost, ErrorCodes.CardReplaced, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.PointsCapExceeded, ErrorCodes.InsufficientStoredValue, ErrorCodes.CouponInvalid, ErrorCodes.StackingForbidden, Loyalty.Domain.Points.RedemptionStore.Refused, ErrorCodes.HouseholdLimit, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict, ErrorCodes.PinRequired, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        group.MapPost("/quote", QuoteCheckout).WithName(nameof(QuoteCheckout)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardLost, ErrorCodes.CardReplaced, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.PointsCapExceeded, ErrorCodes.InsufficientStoredValue, ErrorCodes.CouponInvalid, ErrorCodes.StackingForbidden, Loyalty.Domain.Points.RedemptionStore.Refused, ErrorCodes.HouseholdLimit, ErrorCodes.PinRequired, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        return group;
    }

    public static async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> CreateCheckout(
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, CheckoutFlow checkouts, Live.DashboardPublisher dashboards,
        IProgramProvider programs, StoreDirectory stores, ILoggerFactory loggers,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = MemberPinApi.Header)] string? pin)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await Run(body, user, grains, checkouts, stores, quote: false, programs, pin);
            outcome = "refused";
            if (result.Result is Ok<Receipt> { Value: { } receipt })
            {
                outcome = "ok";
                // Both after the commit: the dashboards never see a checkout that is not durable.
                dashboards.CheckoutCommitted(receipt);
                await CheckoutMembership.RewardReferralAsync(receipt, Caller.From(user), checkouts, loggers.CreateLogger(typeof(CheckoutMembership)));
            }
            return result;
        }
        finally
        {
            Checkouts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            Durations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public static Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> QuoteCheckout(
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, CheckoutFlow checkouts, StoreDirectory stores, IProgramProvider programs,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = MemberPinApi.Header)] string? pin) =>
        Run(body, user, grains, checkouts, stores, quote: true, programs, pin);

    private static async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> Run(
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, CheckoutFlow checkouts, StoreDirectory stores, bool quote,
        IProgramProvider programs, string? pin)
    {
        var validation = body.Validate(requireCheckoutId: !quote, stores, programs.Current);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        if (!caller.MayActFor(body.StoreId))
        {
            return Problems.Forbidden($"This key may not check out for store {body.StoreId}.");
        }
        if (await MemberPinApi.CheckCheckout(grains, programs.Current, body, pin) is { } refused)
        {
            return refused;
        }
        var target = new CheckoutTarget(body.CardNumber, body.MemberId, Phones.Normalize(body.Phone), body.Name);
        var outcome = await checkouts.CheckoutAsync(target, body.ToMemberCheckout(quote), caller.AsActor());
        return outcome switch
        {
            { Receipt: { } receipt } => TypedResults.Ok(receipt),
            { RefusalCode: ErrorCodes.OperationIdTaken } => Problems.Of(ErrorCodes.OperationIdTaken, "This checkout id was already used for another operation."),
            { RefusalCode: { } code } => Problems.Of(code, "This checkout id was used with another request body."),
            _ => Problems.NotFound("No member has this phone number and name."),
        };
    }
}
