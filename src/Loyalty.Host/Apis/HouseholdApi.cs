using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Cards;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Households;
using Loyalty.Grains.Members;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <param name="PoolCardNumber">
/// The designated card the pool lands on; its holder is the primary member. A couple card names it or defaults to the
/// primary's first card.
/// </param>
public sealed record CreateHouseholdRequest(string? PrimaryMemberId, string? Kind, decimal? ContractDiscountRate, string? PoolCardNumber = null);

public sealed record AddHouseholdMemberRequest(string? MemberId, bool? CanSpend, long? DailySpendLimit);

/// <summary>Households (家庭主辅卡), couple cards (情侣卡) and corporate accounts (单位卡) that pool points.</summary>
public static class HouseholdApi
{
    public static RouteGroupBuilder MapHouseholdApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/households").RequireAuthorization().WithTags("Households");
        group.MapPost("/", CreateHousehold).WithName(nameof(CreateHousehold)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.AlreadyInHousehold, Loyalty.Domain.Points.PoolingRule.Disabled, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.Conflict);
        group.MapGet("/{householdId}", GetHousehold).WithName(nameof(GetHousehold)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{householdId}/members", AddHouseholdMember).WithName(nameof(AddHouseholdMember)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.AlreadyInHousehold, Loyalty.Domain.Points.PoolingRule.Disabled, ErrorCodes.HouseholdLimit, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.Conflict);
        group.MapDelete("/{householdId}/members/{memberId}", RemoveHouseholdMember).WithName(nameof(RemoveHouseholdMember)).Errors(ErrorCodes.NotFound, ErrorCodes.Conflict);
        group.MapPost("/{householdId}/dissolve", DissolveHousehold).WithName(nameof(DissolveHousehold)).Errors(ErrorCodes.NotFound, ErrorCodes.Conflict);
        return group;
    }

    public static async Task<Results<Created<HouseholdView>, ValidationProblem, ProblemHttpResult>> CreateHousehold(
        CreateHouseholdRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var kind = body.Kind ?? HouseholdKinds.Family;
        var validation = new Validation().Id("poolCardNumber", body.PoolCardNumber, required: false);
        // The designated card names its holder as the primary member when the primary is not given.
        var poolCard = validation.IsValid && body.PoolCardNumber is { } poolNumber
            ? await grains.GetGrain<ICardGrain>(poolNumber).Get(new GetCard())
            : null;
        if (body.PoolCardNumber is not null && validation.IsValid && poolCard is not { Status: "active" })
        {
            validation.Add("poolCardNumber", "No active card has this number.");
        }
        var primaryMemberId = body.PrimaryMemberId ?? poolCard?.MemberId;
        validation.Id("primaryMemberId", primaryMemberId);
        if (poolCard is not null && primaryMemberId is not null && poolCard.MemberId != primaryMemberId)
        {
            validation.Add("poolCardNumber", "The designated card is a card of the primary member.");
        }
        if (!HouseholdKinds.IsKnown(kind))
        {
            validation.Add("kind", "One of family, couple, corporate.");
        }
        if (body.ContractDiscountRate is { } rate && (kind != HouseholdKinds.Corporate || rate < 0 || rate > 1))
        {
            validation.Add("contractDiscountRate", "A rate between 0 and 1, for corporate accounts only.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        if (kind == HouseholdKinds.Corporate && !caller.IsAdmin)
        {
            return Problems.Forbidden("Corporate accounts are set up by the chain.");
        }
        var primary = await MemberApi.FindById(grains, primaryMemberId!);
        if (primary is null)
        {
            return Problems.NotFound("Member not found.");
        }
        // A couple card always pools onto a designated card: the primary's first card unless another is named.
        var designated = poolCard?.CardNumber ?? (kind == HouseholdKinds.Couple ? primary.Cards.FirstOrDefault() : null);
        if (MemberApi.Boundary(caller, primary, "Households are set up") is { } outside)
        {
            return outside;
        }
        if (primary.HouseholdId is not null)
        {
            return Problems.Of(ErrorCodes.AlreadyInHousehold, "The member already belongs to a household; they leave it first.");
        }
        var householdId = "H" + Ids.NewMemberId()[1..];
        await Join(() => grains.GetGrain<IMemberGrain>(primaryMemberId!).JoinHousehold(new JoinHouseholdRequest(
            householdId, HouseholdRoles.Primary, true, null, kind, body.ContractDiscountRate, caller.AsActor(), designated)));
        var household = await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold());
        return TypedResults.Created($"/api/v1/households/{householdId}", household!);
    }

    /// <summary>
    /// A membership clash found by the grains (a race with another join) is final, not a retryable conflict: the member
    /// is in a household already.
    /// </summary>
    private static async Task Join(Func<Task> join)
    {
        try
        {
            await join();
        }
        catch (DomainException e) when (e.Code == ErrorCodes.Conflict)
        {
            throw new DomainException(ErrorCodes.AlreadyInHousehold, e.Message);
        }
    }

    /// <summary>
    /// The household as its store's staff may act on it: found (404 otherwise) and the caller serves the primary
    /// member's home store, the household's store (403 otherwise).
    /// </summary>
    private static async Task<(HouseholdView? Household, ProblemHttpResult? Problem)> OwnHousehold(
        string householdId, Caller caller, IGrainFactory grains, string what)
    {
        var household = MemberApi.IsPlausibleId(householdId) ? await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()) : null;
        if (household is null)
        {
            return (null, Problems.NotFound("Household not found."));
        }
        var primary = await MemberApi.FindById(grains, household.PrimaryMemberId);
        if (primary is null)
        {
            return (null, Problems.NotFound("The household's primary member was not found."));
        }
        return MemberApi.Boundary(caller, primary, what) is { } outside ? (null, outside) : (household, null);
    }

    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> GetHousehold(string householdId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (household, problem) = await OwnHousehold(householdId, Caller.From(user), grains, "A household is read");
        return problem is not null ? problem : TypedResults.Ok(household!);
    }

    public static async Task<Results<Ok<HouseholdView>, ValidationProblem, ProblemHttpResult>> AddHouseholdMember(
        string householdId, AddHouseholdMemberRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Id("memberId", body.MemberId);
        if (body.DailySpendLimit is < 0)
        {
            validation.Add("dailySpendLimit", "Must not be negative.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        var (household, problem) = await OwnHousehold(householdId, caller, grains, "Members are added to a household");
        if (problem is not null)
        {
            return problem;
        }
        if (household!.Dissolved)
        {
            return Problems.NotFound("Household not found.");
        }
        var member = await MemberApi.FindById(grains, body.MemberId!);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        // The joining member's points move into the pool: their own store must be the one acting too.
        if (MemberApi.Boundary(caller, member, "A member joins a household") is { } outside)
        {
            return outside;
        }
        if (member.HouseholdId is not null)
        {
            return Problems.Of(ErrorCodes.AlreadyInHousehold, member.HouseholdId == householdId
                ? "The member already belongs to this household."
                : "The member already belongs to another household; they leave it first.");
        }
        await Join(() => grains.GetGrain<IMemberGrain>(body.MemberId!).JoinHousehold(new JoinHouseholdRequest(
            householdId, HouseholdRoles.Secondary, body.CanSpend ?? true, body.DailySpendLimit, household.Kind, household.ContractDiscountRate,
            caller.AsActor())));
        return TypedResults.Ok((await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()))!);
    }

    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> RemoveHouseholdMember(
        string householdId, string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!MemberApi.IsPlausibleId(memberId))
        {
            return Problems.NotFound("Member not found.");
        }
        var caller = Caller.From(user);
        var (_, problem) = await OwnHousehold(householdId, caller, grains, "Members are removed from a household");
        if (problem is not null)
        {
            return problem;
        }
        await grains.GetGrain<IMemberGrain>(memberId).LeaveHousehold(new LeaveHouseholdRequest(householdId, false, caller.AsActor()));
        return TypedResults.Ok((await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()))!);
    }

    /// <summary>Dissolving (every secondary leaves with their share, then the primary takes the rest): <see cref="HouseholdDissolutionFlow"/>.</summary>
    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> DissolveHousehold(
        string householdId, ClaimsPrincipal user, IGrainFactory grains, HouseholdDissolutionFlow dissolutions)
    {
        var caller = Caller.From(user);
        var (household, problem) = await OwnHousehold(householdId, caller, grains, "A household is dissolved");
        if (problem is not null)
        {
            return problem;
        }
        if (household!.Dissolved)
        {
            return Problems.NotFound("Household not found.");
        }
        return TypedResults.Ok(await dissolutions.DissolveAsync(household, caller.AsActor()));
    }
}
