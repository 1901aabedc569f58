using System.Security.Claims;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Households;
using Loyalty.Grains.Members;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record CreateHouseholdRequest(string? PrimaryMemberId, string? Kind, decimal? ContractDiscountRate);

public sealed record AddHouseholdMemberRequest(string? MemberId, bool? CanSpend, long? DailySpendLimit);

/// <summary>Households (家庭主辅卡), couple cards (情侣卡) and corporate accounts (单位卡) that pool points.</summary>
public static class HouseholdApi
{
    public static RouteGroupBuilder MapHouseholdApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/households").RequireAuthorization().WithTags("Households");
        group.MapPost("/", CreateHousehold).WithName(nameof(CreateHousehold));
        group.MapGet("/{householdId}", GetHousehold).WithName(nameof(GetHousehold));
        group.MapPost("/{householdId}/members", AddHouseholdMember).WithName(nameof(AddHouseholdMember));
        group.MapDelete("/{householdId}/members/{memberId}", RemoveHouseholdMember).WithName(nameof(RemoveHouseholdMember));
        group.MapPost("/{householdId}/dissolve", DissolveHousehold).WithName(nameof(DissolveHousehold));
        return group;
    }

    public static async Task<Results<Created<HouseholdView>, ValidationProblem, ProblemHttpResult>> CreateHousehold(
        CreateHouseholdRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var kind = body.Kind ?? HouseholdKinds.Family;
        var validation = new Validation().Id("primaryMemberId", body.PrimaryMemberId);
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
        if (await MemberApi.FindById(grains, body.PrimaryMemberId!) is null)
        {
            return Problems.NotFound("Member not found.");
        }
        var householdId = "H" + Ids.NewMemberId()[1..];
        await grains.GetGrain<IMemberGrain>(body.PrimaryMemberId!).JoinHousehold(new JoinHouseholdRequest(
            householdId, HouseholdRoles.Primary, true, null, kind, body.ContractDiscountRate, caller.AsActor()));
        var household = await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold());
        return TypedResults.Created($"/api/v1/households/{householdId}", household!);
    }

    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> GetHousehold(string householdId, IGrainFactory grains)
    {
        var household = MemberApi.IsPlausibleId(householdId) ? await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()) : null;
        return household is null ? Problems.NotFound("Household not found.") : TypedResults.Ok(household);
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
        var household = MemberApi.IsPlausibleId(householdId) ? await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()) : null;
        if (household is null || household.Dissolved)
        {
            return Problems.NotFound("Household not found.");
        }
        var member = await MemberApi.FindById(grains, body.MemberId!);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (member.HouseholdId == householdId)
        {
            return Problems.Of(Grains.ErrorCodes.Conflict, "The member already belongs to this household.");
        }
        await grains.GetGrain<IMemberGrain>(body.MemberId!).JoinHousehold(new JoinHouseholdRequest(
            householdId, HouseholdRoles.Secondary, body.CanSpend ?? true, body.DailySpendLimit, household.Kind, household.ContractDiscountRate,
            Caller.From(user).AsActor()));
        return TypedResults.Ok((await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()))!);
    }

    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> RemoveHouseholdMember(
        string householdId, string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!MemberApi.IsPlausibleId(householdId) || !MemberApi.IsPlausibleId(memberId))
        {
            return Problems.NotFound("Household not found.");
        }
        await grains.GetGrain<IMemberGrain>(memberId).LeaveHousehold(new LeaveHouseholdRequest(householdId, false, Caller.From(user).AsActor()));
        return TypedResults.Ok((await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()))!);
    }

    /// <summary>Dissolving: every secondary leaves with their share, then the primary takes the rest.</summary>
    public static async Task<Results<Ok<HouseholdView>, ProblemHttpResult>> DissolveHousehold(
        string householdId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var household = MemberApi.IsPlausibleId(householdId) ? await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()) : null;
        if (household is null || household.Dissolved)
        {
            return Problems.NotFound("Household not found.");
        }
        var actor = Caller.From(user).AsActor();
        foreach (var member in household.Members.Where(m => m.Role == HouseholdRoles.Secondary))
        {
            await grains.GetGrain<IMemberGrain>(member.MemberId).LeaveHousehold(new LeaveHouseholdRequest(householdId, false, actor));
        }
        await grains.GetGrain<IMemberGrain>(household.PrimaryMemberId).LeaveHousehold(new LeaveHouseholdRequest(householdId, true, actor));
        return TypedResults.Ok((await grains.GetGrain<IHouseholdGrain>(householdId).Get(new GetHousehold()))!);
    }
}
