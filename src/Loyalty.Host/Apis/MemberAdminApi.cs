using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Grains.Members;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record TierOverrideBody(string? Tier, string? Reason);

public sealed record MergeBody(string? DuplicateMemberId, string? MergeId);

/// <summary>Staff decisions on a member: manual tier override (manager/admin) and merging a duplicate (admin).</summary>
public static class MemberAdminApi
{
    public static RouteGroupBuilder MapMemberAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Member administration");
        group.MapPost("/{memberId}/tier", OverrideTier).WithName(nameof(OverrideTier)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound);
        group.MapPost("/{memberId}/merge", MergeMember).WithName(nameof(MergeMember)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled, ErrorCodes.Conflict);
        return group;
    }

    public static async Task<Results<Ok<MemberView>, ValidationProblem, ProblemHttpResult>> OverrideTier(
        string memberId, TierOverrideBody body, ClaimsPrincipal user, IGrainFactory grains, IProgramProvider programs)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Require("reason", body.Reason?.Trim(), 200);
        if (body.Tier is null || !programs.Current.HasTier(body.Tier))
        {
            validation.Add("tier", $"One of {string.Join(", ", programs.Current.Tiers.Select(t => t.Id))}.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (!caller.IsAdmin && !(caller.Role == Roles.Manager && caller.MayActFor(member.HomeStoreId)))
        {
            return Problems.Forbidden("A tier is set by hand by the member's store manager or an admin.");
        }
        var changed = await grains.GetGrain<IMemberGrain>(memberId).OverrideTier(new OverrideTier(body.Tier!, body.Reason!.Trim(), caller.AsActor()));
        return TypedResults.Ok(changed.ForCaller(caller));
    }

    /// <summary>
    /// The survivor is checked first so a closed duplicate is never left without a taker; the merge itself (export,
    /// absorb, cards, phone) is <see cref="MemberMergeFlow"/>.
    /// </summary>
    public static async Task<Results<Ok<MergeResult>, ValidationProblem, ProblemHttpResult>> MergeMember(
        string memberId, MergeBody body, ClaimsPrincipal user, IGrainFactory grains, MemberMergeFlow merges)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Id("mergeId", body.MergeId).Id("duplicateMemberId", body.DuplicateMemberId);
        if (body.DuplicateMemberId == memberId)
        {
            validation.Add("duplicateMemberId", "A member cannot be merged into itself.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Members are merged by an admin.");
        }
        var survivor = await MemberApi.FindById(grains, memberId);
        if (survivor is null)
        {
            return Problems.NotFound("Member not found.");
        }
        var duplicate = await MemberApi.FindById(grains, body.DuplicateMemberId!);
        if (duplicate is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["duplicateMemberId"] = ["No member has this id."] });
        }
        if (survivor.Status != MemberStatus.Active)
        {
            return Problems.Of(survivor.Status == MemberStatus.Frozen ? ErrorCodes.MemberFrozen : ErrorCodes.MemberCancelled,
                "The surviving member must be active to take over a duplicate.");
        }
        var merged = await merges.MergeAsync(body.MergeId!, memberId, duplicate.MemberId, caller.AsActor());
        return TypedResults.Ok(merged with { Survivor = merged.Survivor.ForCaller(caller) });
    }
}
