using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Approvals;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record ApproveRequest(string? Note);

public sealed record RejectRequest(string? Reason);

/// <summary>
/// Pending work per store (待审批): membership applications, reserved card issues and lost-card replacements wait here
/// until approved (then carried out) or rejected. Managers see and decide their own store's; admins any store's.
/// </summary>
public static class ApprovalApi
{
    public static RouteGroupBuilder MapApprovalApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/stores/{storeId}/approvals").RequireAuthorization().WithTags("Approvals");
        group.MapGet("/", ListApprovals).WithName(nameof(ListApprovals)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        group.MapGet("/{requestId}", GetApproval).WithName(nameof(GetApproval)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{requestId}/approve", Approve).WithName(nameof(Approve))
            .Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.ApprovalDecided, ErrorCodes.CardNumberTaken, ErrorCodes.CardReplaced,
                ErrorCodes.InsufficientStoredValue, ErrorCodes.ReplacementWindowClosed, ErrorCodes.MemberCancelled, ErrorCodes.Conflict);
        group.MapPost("/{requestId}/reject", Reject).WithName(nameof(Reject)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.ApprovalDecided);
        return group;
    }

    /// <summary>The request as this caller may see it: the applicant's phone masked for clerks.</summary>
    public static ApprovalView ForCaller(ApprovalView view, Caller caller) =>
        caller.SeesFullPhone || view.Subject.Phone is null ? view : view with { Subject = view.Subject with { Phone = Phones.Mask(view.Subject.Phone) } };

    private static ProblemHttpResult? Scope(Caller caller, string storeId, StoreDirectory stores, bool managers)
    {
        if (!stores.IsKnown(storeId))
        {
            return Problems.NotFound("No such store.");
        }
        if (!caller.MayActFor(storeId))
        {
            return Problems.Forbidden("A store's pending work is seen by its own staff or an admin.");
        }
        return managers && !caller.IsManagerOrAdmin ? Problems.Forbidden("Pending work is listed and decided by managers and admins.") : null;
    }

    public static async Task<Results<Ok<ApprovalList>, ValidationProblem, ProblemHttpResult>> ListApprovals(
        string storeId, string? status, ClaimsPrincipal user, IGrainFactory grains, StoreDirectory stores)
    {
        var caller = Caller.From(user);
        if (status is not null && !ApprovalStatus.IsKnown(status))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["status"] = ["One of pending, approved, rejected."] });
        }
        if (Scope(caller, storeId, stores, managers: true) is { } refused)
        {
            return refused;
        }
        var list = await grains.GetGrain<IApprovalQueueGrain>(storeId).List(new ListApprovals(status ?? ApprovalStatus.Pending));
        return TypedResults.Ok(list with { Requests = list.Requests.Select(r => ForCaller(r, caller)).ToList() });
    }

    /// <summary>One request: its own store's clerks may follow it too.</summary>
    public static async Task<Results<Ok<ApprovalView>, ProblemHttpResult>> GetApproval(
        string storeId, string requestId, ClaimsPrincipal user, IGrainFactory grains, StoreDirectory stores)
    {
        var caller = Caller.From(user);
        if (Scope(caller, storeId, stores, managers: false) is { } refused)
        {
            return refused;
        }
        var view = MemberApi.IsPlausibleId(requestId) ? await grains.GetGrain<IApprovalQueueGrain>(storeId).Get(new GetApproval(requestId)) : null;
        return view is null ? Problems.NotFound("No such approval request at this store.") : TypedResults.Ok(ForCaller(view, caller));
    }

    /// <summary>
    /// Approves the request's next step; once every step is approved the request is carried out (the member registered, the
    /// card issued or replaced) and marked approved. If carrying out fails, the request stays approved-but-pending
    /// (<c>readyToCarryOut</c>) and approving again finishes it.
    /// </summary>
    public static async Task<Results<Ok<ApprovalView>, ValidationProblem, ProblemHttpResult>> Approve(
        string storeId, string requestId, ApproveRequest? body, ClaimsPrincipal user, IGrainFactory grains, StoreDirectory stores,
        IProgramProvider programs, RegistrationFlow registrations, CardFlow cards, Live.DashboardPublisher dashboards)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Optional("note", body?.Note, 200);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (Scope(caller, storeId, stores, managers: true) is { } refused)
        {
            return refused;
        }
        if (!MemberApi.IsPlausibleId(requestId))
        {
            return Problems.NotFound("No such approval request at this store.");
        }
        var queue = grains.GetGrain<IApprovalQueueGrain>(storeId);
        var view = await queue.Decide(new DecideApproval(requestId, true, body?.Note?.Trim(), caller.AsActor()));
        if (!view.ReadyToCarryOut)
        {
            return TypedResults.Ok(ForCaller(view, caller));
        }
        var result = await CarryOut(view, storeId, grains, programs, registrations, cards, dashboards, caller.AsActor());
        var done = await queue.Complete(new CompleteApproval(requestId, result, caller.AsActor()));
        return TypedResults.Ok(ForCaller(done, caller));
    }

    public static async Task<Results<Ok<ApprovalView>, ValidationProblem, ProblemHttpResult>> Reject(
        string storeId, string requestId, RejectRequest body, ClaimsPrincipal user, IGrainFactory grains, StoreDirectory stores)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Require("reason", body.Reason, 200);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (Scope(caller, storeId, stores, managers: true) is { } refused)
        {
            return refused;
        }
        if (!MemberApi.IsPlausibleId(requestId))
        {
            return Problems.NotFound("No such approval request at this store.");
        }
        var view = await grains.GetGrain<IApprovalQueueGrain>(storeId).Decide(new DecideApproval(requestId, false, body.Reason!.Trim(), caller.AsActor()));
        if (view.Kind == ApprovalKinds.Membership && view.Subject.Phone is { } phone)
        {
            // The application is refused: its phone number is free again.
            await grains.GetGrain<IPhoneIndexGrain>(PhoneIndexGrain.KeyFor(phone)).Release(new ReleasePhone(view.Subject.MemberId));
        }
        return TypedResults.Ok(ForCaller(view, caller));
    }

    /// <summary>Does what the request asked; each step is idempotent (ids fixed at request time), so a retry finishes it.</summary>
    private static async Task<string> CarryOut(ApprovalView request, string storeId, IGrainFactory grains, IProgramProvider programs,
        RegistrationFlow registrations, CardFlow cards, Live.DashboardPublisher dashboards, Actor actor)
    {
        var s = request.Subject;
        switch (request.Kind)
        {
            case ApprovalKinds.Membership:
                var member = await MemberApi.Register(registrations, dashboards,
                    new RegisterMember(s.MemberId, s.Name!, s.Phone!, s.Birthday, s.Gender, storeId, s.ReferrerMemberId, actor));
                return member.MemberId;
            case ApprovalKinds.CardIssue:
                var card = await cards.IssueAsync(programs.Current, s.CardNumber!, s.MemberId, s.CardType!, s.FeePaidWith, s.FeeCardNumber, actor);
                return card.CardNumber;
            default:
                var old = await grains.GetGrain<ICardGrain>(s.CardNumber!).Get(new GetCard());
                if (s.CardWasLost && old?.Status == CardStatus.Active)
                {
                    throw new DomainException(ErrorCodes.ApprovalDecided, "The loss report was withdrawn (the card was found): reject this request.");
                }
                var replacement = await cards.ReplaceAsync(s.CardNumber!, s.NewCardNumber!, s.FeePaidWith, s.AskedAt, actor);
                return replacement.CardNumber;
        }
    }
}
