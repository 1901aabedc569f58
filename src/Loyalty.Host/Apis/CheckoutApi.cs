using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text.Json;
using Loyalty.Grains;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>Checkout (收银), the hot path: POST a basket, get the receipt; quote the same without changing anything.</summary>
public static class CheckoutApi
{
    private static readonly Counter<long> Checkouts = LoyaltyMeter.Meter.CreateCounter<long>(
        "loyalty.checkout.count", "{checkout}", "Checkouts answered, by outcome");
    private static readonly Histogram<double> Durations = LoyaltyMeter.Meter.CreateHistogram<double>(
        "loyalty.checkout.duration", "s", "Time to answer a checkout");

    public static RouteGroupBuilder MapCheckoutApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/checkouts").RequireAuthorization().WithTags("Checkouts");
        group.MapPost("/", CreateCheckout).WithName(nameof(CreateCheckout)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardLost, ErrorCodes.CardReplaced, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.PointsCapExceeded, ErrorCodes.InsufficientStoredValue, ErrorCodes.CouponInvalid, ErrorCodes.StackingForbidden, Loyalty.Domain.Points.RedemptionStore.Refused, ErrorCodes.HouseholdLimit, ErrorCodes.IdempotencyMismatch, ErrorCodes.OperationIdTaken, ErrorCodes.Conflict, ErrorCodes.PinRequired, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        group.MapPost("/quote", QuoteCheckout).WithName(nameof(QuoteCheckout)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardLost, ErrorCodes.CardReplaced, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientPoints, ErrorCodes.PointsCapExceeded, ErrorCodes.InsufficientStoredValue, ErrorCodes.CouponInvalid, ErrorCodes.StackingForbidden, Loyalty.Domain.Points.RedemptionStore.Refused, ErrorCodes.HouseholdLimit, ErrorCodes.PinRequired, ErrorCodes.PinInvalid, ErrorCodes.PinLocked);
        return group;
    }

    public static async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> CreateCheckout(
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage, Live.DashboardPublisher dashboards,
        IProgramProvider programs, StoreDirectory stores, ILoggerFactory loggers,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = MemberPinApi.Header)] string? pin)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await Run(body, user, grains, storage, stores, quote: false, programs, pin);
            outcome = "refused";
            if (result.Result is Ok<Receipt> { Value: { } receipt })
            {
                outcome = "ok";
                // Both after the commit: the dashboards never see a checkout that is not durable.
                dashboards.CheckoutCommitted(receipt);
                await CheckoutMembership.RewardReferralAsync(receipt, Caller.From(user), grains, loggers.CreateLogger(typeof(CheckoutMembership)));
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
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage, StoreDirectory stores, IProgramProvider programs,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = MemberPinApi.Header)] string? pin) =>
        Run(body, user, grains, storage, stores, quote: true, programs, pin);

    private static async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> Run(
        CheckoutBody body, ClaimsPrincipal user, IGrainFactory grains, ILedgerStore storage, StoreDirectory stores, bool quote,
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
        var request = body.ToMemberCheckout(quote);
        try
        {
            var receipt = await Dispatch(body, request, grains);
            if (receipt is null && !quote && await CheckoutMembership.AutoJoinAsync(body, caller, grains, programs) is { } joined)
            {
                receipt = await grains.GetGrain<IMemberGrain>(joined).Checkout(request);
            }
            return receipt is null ? Problems.NotFound("No member has this phone number and name.") : TypedResults.Ok(receipt);
        }
        catch (DuplicateOperationException) when (!quote)
        {
            // The last defence: the id is already recorded (an old repeat, or another member's checkout).
            return await StoredReceipt(storage, request);
        }
    }

    private static async Task<Receipt?> Dispatch(CheckoutBody body, MemberCheckout request, IGrainFactory grains)
    {
        if (body.CardNumber is not null)
        {
            var card = grains.GetGrain<ICardGrain>(body.CardNumber);
            if (request.StoredValueAmount > 0)
            {
                // Stored value is charged by the card, one checkout at a time per card.
                return await card.Checkout(request);
            }
            // Without stored value the card only vouches for its member: read it and go straight to the member,
            // so a busy card does not serialise its checkouts on one commit each (the member re-checks the card).
            var view = await card.Get(new GetCard()) ?? throw new Domain.DomainException(ErrorCodes.NotFound, "Card not found.");
            CardGrain.EnsureUsable(view.Status);
            return await grains.GetGrain<IMemberGrain>(view.MemberId).Checkout(
                request with { CardNumber = view.CardNumber, CorporateCard = view.Type == CardTypes.Corporate });
        }
        var memberId = body.MemberId ?? (await MemberApi.FindByPhoneAndName(grains, Phones.Normalize(body.Phone)!, body.Name!))?.MemberId;
        return memberId is null ? null : await grains.GetGrain<IMemberGrain>(memberId).Checkout(request);
    }

    private static async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> StoredReceipt(ILedgerStore storage, MemberCheckout request)
    {
        var document = await storage.ReadDocumentAsync(Documents.Checkouts, request.CheckoutId);
        if (document is null)
        {
            // The id is taken on this member's ledger by another kind of operation (a points operation), not by a checkout.
            return Problems.Of(ErrorCodes.OperationIdTaken, "This checkout id was already used for another operation.");
        }
        var record = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord)!;
        return record.RequestHash == request.RequestHash
            ? TypedResults.Ok(record.Receipt)
            : Problems.Of(ErrorCodes.IdempotencyMismatch, "This checkout id was used with another request body.");
    }
}
