using System.Security.Claims;
using Loyalty.Domain.Benefits;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Members;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record BenefitUseBody(string? UseId);

/// <summary>
/// Tier benefits with quotas (会员权益: free deliveries, services, a birthday gift): listed with what is left this period
/// and used at the member's home store, once per use id.
/// </summary>
public static class MemberBenefitApi
{
    public static RouteGroupBuilder MapMemberBenefitApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members/{memberId}/benefits").RequireAuthorization().WithTags("Benefits");
        group.MapGet("/", ListBenefits).WithName(nameof(ListBenefits)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{benefitId}/uses", UseBenefit).WithName(nameof(UseBenefit)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound,
            BenefitBook.NotAvailable, BenefitBook.Exhausted, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.IdempotencyMismatch,
            ErrorCodes.Conflict);
        return group;
    }

    public static async Task<Results<Ok<BenefitList>, ProblemHttpResult>> ListBenefits(string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(Caller.From(user), member, "Benefits are shown") is { } outside)
        {
            return outside;
        }
        return TypedResults.Ok(await grains.GetGrain<IMemberGrain>(memberId).Benefits(new Grains.Contracts.ListBenefits()));
    }

    public static async Task<Results<Ok<BenefitUseView>, ValidationProblem, ProblemHttpResult>> UseBenefit(
        string memberId, string benefitId, BenefitUseBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().Id("useId", body.UseId).Id("benefitId", benefitId);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "Benefits are used") is { } outside)
        {
            return outside;
        }
        return TypedResults.Ok(await grains.GetGrain<IMemberGrain>(memberId).UseBenefit(new Grains.Contracts.UseBenefit(body.UseId!, benefitId, caller.AsActor())));
    }
}
