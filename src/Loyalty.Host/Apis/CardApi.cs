using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Approvals;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record CreateCardRequest(string? MemberId, string? CardNumber, string? Type, string? FeePaidWith = null, string? FeeCardNumber = null);

public sealed record ReplaceCardRequest(string? NewCardNumber, string? FeePaidWith = null);

public sealed record TopUpRequest(string? TopUpId, decimal? Amount);

/// <summary>Cards (会员卡): issue, read, report lost (挂失), replace (补卡).</summary>
public static class CardApi
{
    public static RouteGroupBuilder MapCardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/cards").RequireAuthorization().WithTags("Cards");
        group.MapPost("/", CreateCard).WithName(nameof(CreateCard)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardNumberTaken, ErrorCodes.MemberCancelled, ErrorCodes.InsufficientStoredValue, ErrorCodes.CardLost, ErrorCodes.CardReplaced);
        group.MapGet("/{cardNumber}", GetCard).WithName(nameof(GetCard)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{cardNumber}/lost", ReportLost).WithName(nameof(ReportLost)).Errors(ErrorCodes.NotFound, ErrorCodes.CardReplaced);
        group.MapPost("/{cardNumber}/found", CardFound).WithName(nameof(CardFound)).Errors(ErrorCodes.NotFound, ErrorCodes.CardReplaced);
        group.MapPost("/{cardNumber}/replace", ReplaceCard).WithName(nameof(ReplaceCard)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardReplaced, ErrorCodes.CardNumberTaken, ErrorCodes.Conflict, ErrorCodes.InsufficientStoredValue, ErrorCodes.ReplacementWindowClosed);
        group.MapGet("/{cardNumber}/ledger", CardLedgerApi.GetCardLedger).WithName(nameof(CardLedgerApi.GetCardLedger)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        group.MapPost("/{cardNumber}/top-ups", TopUp).WithName(nameof(TopUp)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CardLost, ErrorCodes.CardReplaced, ErrorCodes.Conflict);
        return group;
    }

    private static Validation CardNumber(this Validation validation, string field, string? number, bool required) =>
        validation.Id(field, number, required, maxLength: 32);

    /// <summary>
    /// Issues a card. A card fee (工本费, program setting) is paid at the counter (recorded with the issue) or from the
    /// stored value of another card of the member (<c>feeCardNumber</c>). A clerk's issue of a card type the program
    /// reserves (VIP / higher cards) waits for a store manager's approval: 202 with the pending request.
    /// </summary>
    public static async Task<Results<Created<CardView>, Accepted<ApprovalView>, ValidationProblem, ProblemHttpResult>> CreateCard(
        CreateCardRequest body, ClaimsPrincipal user, IGrainFactory grains, IProgramProvider programs, CardFlow cards)
    {
        var type = body.Type ?? CardTypes.Standard;
        var validation = new Validation().Id("memberId", body.MemberId).CardNumber("cardNumber", body.CardNumber, required: false)
            .CardNumber("feeCardNumber", body.FeeCardNumber, required: false);
        if (!CardTypes.IsKnown(type))
        {
            validation.Add("type", "One of standard, storedValue, corporate.");
        }
        CheckFeePayment(validation, body.FeePaidWith, body.FeeCardNumber);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        var member = await MemberApi.FindById(grains, body.MemberId!);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "Cards are issued") is { } outside)
        {
            return outside;
        }
        var number = body.CardNumber ?? Ids.NewCardNumber();
        if (programs.Current.CardTypesNeedingApproval.Contains(type) && !caller.IsManagerOrAdmin)
        {
            if (await grains.GetGrain<ICardGrain>(number).Get(new GetCard()) is not null)
            {
                return Problems.Of(Grains.ErrorCodes.CardNumberTaken, "This card number is already in use.");
            }
            if ((member.HomeStoreId ?? caller.StoreId) is not { } store)
            {
                return Problems.Invalid("memberId", "The member has no home store, and approvals are kept per store.");
            }
            var requestId = Ids.NewRequestId();
            var pending = await grains.GetGrain<IApprovalQueueGrain>(store).Submit(new SubmitApproval(requestId, ApprovalKinds.CardIssue,
                new ApprovalSubject(member.MemberId, CardNumber: number, CardType: type, FeePaidWith: body.FeePaidWith, FeeCardNumber: body.FeeCardNumber),
                1, caller.AsActor()));
            return TypedResults.Accepted($"/api/v1/stores/{store}/approvals/{requestId}", ApprovalApi.ForCaller(pending, caller));
        }
        var card = await cards.IssueAsync(programs.Current, number, member.MemberId, type, body.FeePaidWith, body.FeeCardNumber, caller.AsActor());
        return TypedResults.Created($"/api/v1/cards/{number}", card);
    }

    private static void CheckFeePayment(Validation validation, string? feePaidWith, string? feeCardNumber)
    {
        if (feePaidWith is not null && !FeePayment.IsKnown(feePaidWith))
        {
            validation.Add("feePaidWith", "One of counter, storedValue.");
        }
        if (feeCardNumber is not null && feePaidWith != FeePayment.StoredValue)
        {
            validation.Add("feeCardNumber", "Only with feePaidWith storedValue.");
        }
    }

    /// <summary>
    /// The card and its member when the caller serves the member's home store: not found (404) or another store's card
    /// (403) otherwise. Reading a card stays open to the chain (a till at any store checks it); changing it does not.
    /// </summary>
    internal static async Task<(CardView? Card, ProblemHttpResult? Problem)> OwnCard(string cardNumber, Caller caller, IGrainFactory grains, string what)
    {
        var card = MemberApi.IsPlausibleId(cardNumber) ? await grains.GetGrain<ICardGrain>(cardNumber).Get(new GetCard()) : null;
        if (card is null)
        {
            return (null, Problems.NotFound("Card not found."));
        }
        var member = await MemberApi.FindById(grains, card.MemberId);
        if (member is null)
        {
            return (null, Problems.NotFound("The card's member was not found."));
        }
        return MemberApi.Boundary(caller, member, what) is { } outside ? (null, outside) : (card, null);
    }

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> GetCard(string cardNumber, IGrainFactory grains)
    {
        var card = MemberApi.IsPlausibleId(cardNumber) ? await grains.GetGrain<ICardGrain>(cardNumber).Get(new GetCard()) : null;
        return card is null ? Problems.NotFound("Card not found.") : TypedResults.Ok(card);
    }

    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> ReportLost(string cardNumber, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        var (_, problem) = await OwnCard(cardNumber, caller, grains, "A card is reported lost");
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<ICardGrain>(cardNumber).ReportLost(new ReportCardLost(caller.AsActor())));
    }

    /// <summary>
    /// Two idempotent steps: the old card is marked replaced and hands over its stored value, then the new card
    /// takes it over. Retrying the same request after a failure between the steps finishes the replacement. The
    /// replacement fee is paid at the counter (recorded) or from the old card's stored value before the hand-over. When
    /// the program asks for approval, the request waits for the store manager and then a chain supervisor (202).
    /// </summary>
    public static async Task<Results<Ok<CardView>, Accepted<ApprovalView>, ValidationProblem, ProblemHttpResult>> ReplaceCard(
        string cardNumber, ReplaceCardRequest? body, ClaimsPrincipal user, IGrainFactory grains, IProgramProvider programs, TimeProvider time,
        CardFlow cards)
    {
        var validation = new Validation().CardNumber("newCardNumber", body?.NewCardNumber, required: false);
        CheckFeePayment(validation, body?.FeePaidWith, null);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        var (current, problem) = await OwnCard(cardNumber, caller, grains, "A card is replaced");
        if (problem is not null)
        {
            return problem;
        }
        if (current!.ReplacedBy is { } replacedBy && body?.NewCardNumber is { } asked && asked != replacedBy)
        {
            // Only a repeat of the same replacement is answered (to finish it); another number is a second replacement.
            return Problems.Of(Grains.ErrorCodes.CardReplaced, $"This card was already replaced by {replacedBy}; replace that card instead.");
        }
        var newNumber = current.ReplacedBy ?? body?.NewCardNumber ?? Ids.NewCardNumber();
        if (current.ReplacedBy is null && await grains.GetGrain<ICardGrain>(newNumber).Get(new GetCard()) is not null)
        {
            return Problems.Of(Grains.ErrorCodes.CardNumberTaken, "The new card number is already in use.");
        }
        var program = programs.Current;
        if (program.ReplacementApproval && current.ReplacedBy is null)
        {
            if (program.ReplacementWindowDays is { } days && current.Status == CardStatus.Lost && current.LostAt is { } lostAt
                && time.GetUtcNow() > lostAt.AddDays(days))
            {
                return Problems.Of(Grains.ErrorCodes.ReplacementWindowClosed, $"A lost card is replaced within {days} days of the loss report.");
            }
            var member = await MemberApi.FindById(grains, current.MemberId);
            if ((member?.HomeStoreId ?? caller.StoreId) is not { } store)
            {
                return Problems.Invalid("cardNumber", "The card's member has no home store, and approvals are kept per store.");
            }
            var queue = grains.GetGrain<IApprovalQueueGrain>(store);
            var open = (await queue.List(new ListApprovals(ApprovalStatus.Pending))).Requests
                .FirstOrDefault(r => r.Kind == ApprovalKinds.CardReplacement && r.Subject.CardNumber == cardNumber);
            var pending = open ?? await queue.Submit(new SubmitApproval(Ids.NewRequestId(), ApprovalKinds.CardReplacement,
                new ApprovalSubject(current.MemberId, CardNumber: cardNumber, CardType: current.Type, NewCardNumber: newNumber,
                    FeePaidWith: body?.FeePaidWith, CardWasLost: current.Status == CardStatus.Lost, AskedAt: time.GetUtcNow()), 2, caller.AsActor()));
            return TypedResults.Accepted($"/api/v1/stores/{store}/approvals/{pending.RequestId}", ApprovalApi.ForCaller(pending, caller));
        }
        return TypedResults.Ok(await cards.ReplaceAsync(cardNumber, newNumber, body?.FeePaidWith, null, caller.AsActor()));
    }

    /// <summary>Withdraws a loss report (the card was found): the card works again.</summary>
    public static async Task<Results<Ok<CardView>, ProblemHttpResult>> CardFound(string cardNumber, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        var (_, problem) = await OwnCard(cardNumber, caller, grains, "A loss report is withdrawn");
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await grains.GetGrain<ICardGrain>(cardNumber).Found(new ReportCardFound(caller.AsActor())));
    }

    /// <summary>Top-up (充值) at the counter of the card's home store, on stored-value cards only.</summary>
    public static async Task<Results<Ok<CardView>, ValidationProblem, ProblemHttpResult>> TopUp(
        string cardNumber, TopUpRequest body, ClaimsPrincipal user, IGrainFactory grains, IProgramProvider programs, TopUpFlow topUps)
    {
        var program = programs.Current;
        var validation = new Validation().Id("topUpId", body.TopUpId).Money("amount", body.Amount, program.MaxTopUpAmount, required: true, allowZero: false);
        if (validation.IsValidField("amount") && TopUpRules.Refusal(program, body.Amount!.Value) is { } refusal)
        {
            validation.Add("amount", refusal);
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        var (card, problem) = await OwnCard(cardNumber, caller, grains, "A card is topped up");
        if (problem is not null)
        {
            return problem;
        }
        if (card!.Type != CardTypes.StoredValue)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["cardNumber"] = [$"Only storedValue cards hold stored value; this card is {card.Type}."],
            });
        }
        return TypedResults.Ok(await topUps.TopUpAsync(cardNumber, new TopUpCard(body.TopUpId!, body.Amount!.Value, caller.StoreId, caller.AsActor())));
    }
}
