using System.Security.Claims;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record CreateCardRequest(string? MemberId, string? CardNumber, string? Type);

public sealed record ReplaceCardRequest(string? NewCardNumber);

public sealed record TopUpRequest(string? TopUpId, decimal? Amount);

/// <summary>Cards (会员卡): issue, read, report lost (挂失), replace (补卡).</summary>
public static class CardApi
{
    public static RouteGroupBuilder MapCardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cards").RequireAuthorization().WithTags("Cards");
        group.MapPost("/", CreateCard).WithName(nameof(CreateCard));
        group.MapGet("/{cardNumber}", GetCard).WithName(nameof(GetCard));
        group.MapPost("/{cardNumber}/lost", ReportLost).WithName(nameof(ReportLost));
        group.MapPost("/{cardNumber}/replace", ReplaceCard).WithName(nameof(ReplaceCard));
        group.MapPost("/{cardNumber}/top-ups", TopUp).WithName(nameof(TopUp));
        return group;
    }

    private static Validation CardNumber(this Validation validation, string field, string? number, bool required) =>
        validation.Id(field, number, required, maxLength: 32);

    public static async Task<Results<Created<CardView>, ValidationProblem, ProblemHttpResult>> CreateCard(
        CreateCardRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var type = body.Type ?? CardTypes.Standard;
        var validation = new Validation().Id("memberId", body.MemberId).CardNumber("cardNumber", body.CardNumber, required: false);
        if (!CardTypes.IsKnown(type))
        {
            validation.Add("type", "One of standard, storedValue, corporate.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var number = body.CardNumber ?? Ids.NewCardNumber();
        var card = await grains.GetGrain<ICardGrain>(number).Issue(new IssueCard(body.MemberId!, type, Caller.From(user).AsActor()));
        return TypedResults.Created($"/api/v1/cards/{number}", card);
    }

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> GetCard(string cardNumber, IGrainFactory grains)
    {
        var card = MemberApi.IsPlausibleId(cardNumber) ? await grains.GetGrain<ICardGrain>(cardNumber).Get(new GetCard()) : null;
        return card is null ? Problems.NotFound("Card not found.") : TypedResults.Ok(card);
    }

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> ReportLost(string cardNumber, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!MemberApi.IsPlausibleId(cardNumber))
        {
            return Problems.NotFound("Card not found.");
        }
        return TypedResults.Ok(await grains.GetGrain<ICardGrain>(cardNumber).ReportLost(new ReportCardLost(Caller.From(user).AsActor())));
    }

    /// <summary>
    /// Two idempotent steps: the old card is marked replaced and hands over its stored value, then the new card
    /// takes it over. Retrying the same request after a failure between the steps finishes the replacement.
    /// </summary>
    public static async Task<Results<Ok<CardView>, ValidationProblem, ProblemHttpResult>> ReplaceCard(
        string cardNumber, ReplaceCardRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().CardNumber("newCardNumber", body?.NewCardNumber, required: false);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!MemberApi.IsPlausibleId(cardNumber))
        {
            return Problems.NotFound("Card not found.");
        }
        var actor = Caller.From(user).AsActor();
        var old = grains.GetGrain<ICardGrain>(cardNumber);
        var current = await old.Get(new GetCard());
        if (current is null)
        {
            return Problems.NotFound("Card not found.");
        }
        var newNumber = current.ReplacedBy ?? body?.NewCardNumber ?? Ids.NewCardNumber();
        if (current.ReplacedBy is null && await grains.GetGrain<ICardGrain>(newNumber).Get(new GetCard()) is not null)
        {
            return Problems.Of(Grains.ErrorCodes.Conflict, "The new card number is already in use.");
        }
        var handedOver = await old.Replace(new ReplaceCard(newNumber, actor));
        var replacement = await grains.GetGrain<ICardGrain>(handedOver.ReplacedBy!).TakeOver(new TakeOverCard(
            cardNumber, handedOver.MemberId, handedOver.Type, handedOver.StoredValue.Paid, handedOver.StoredValue.Bonus, actor));
        return TypedResults.Ok(replacement);
    }

    /// <summary>Top-up (充值) at the counter: clerks of a store record it for that store.</summary>
    public static async Task<Results<Ok<CardView>, ValidationProblem, ProblemHttpResult>> TopUp(
        string cardNumber, TopUpRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Id("topUpId", body.TopUpId).Money("amount", body.Amount, 100_000m, required: true, allowZero: false);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!MemberApi.IsPlausibleId(cardNumber))
        {
            return Problems.NotFound("Card not found.");
        }
        var caller = Caller.From(user);
        return TypedResults.Ok(await grains.GetGrain<ICardGrain>(cardNumber).TopUp(new TopUpCard(body.TopUpId!, body.Amount!.Value, caller.StoreId, caller.AsActor())));
    }
}
