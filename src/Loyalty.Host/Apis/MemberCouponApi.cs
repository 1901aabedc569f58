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

public sealed record IssueCouponRequest(string? TemplateId, string? CouponCode);

/// <summary>Coupons in a member's wallet (优惠券): issued from a template by managers and admins, listed for the counter.</summary>
public static class MemberCouponApi
{
    public static RouteGroupBuilder MapMemberCouponApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members/{memberId}/coupons").RequireAuthorization().WithTags("Coupons");
        group.MapPost("/", IssueMemberCoupon).WithName(nameof(IssueMemberCoupon)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.CouponInvalid, ErrorCodes.MemberFrozen, ErrorCodes.MemberCancelled);
        group.MapGet("/", ListMemberCoupons).WithName(nameof(ListMemberCoupons)).Errors(ErrorCodes.NotFound);
        return group;
    }

    public static async Task<Results<Created<CouponView>, ValidationProblem, ProblemHttpResult>> IssueMemberCoupon(
        string memberId, IssueCouponRequest body, ClaimsPrincipal user, IGrainFactory grains, ICouponTemplates templates,
        IProgramProvider programs, TimeProvider time)
    {
        var validation = new Validation().Id("templateId", body.TemplateId).Id("couponCode", body.CouponCode, required: false, maxLength: 32);
        var template = body.TemplateId is null ? null : templates.Find(body.TemplateId);
        if (validation.IsValid && template is null)
        {
            validation.Add("templateId", "No coupon template has this id.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var caller = Caller.From(user);
        if (!caller.IsManagerOrAdmin)
        {
            return Problems.Forbidden("Coupons are issued by managers and the chain.");
        }
        var member = await MemberApi.FindById(grains, memberId);
        if (member is null)
        {
            return Problems.NotFound("Member not found.");
        }
        if (MemberApi.Boundary(caller, member, "Coupons are issued") is { } outside)
        {
            return outside;
        }
        if (!template!.IsForTier(member.Tier))
        {
            return Problems.Of(ErrorCodes.CouponInvalid, $"This coupon is for tiers {string.Join(", ", template.Tiers!)}.");
        }
        var coupon = await CouponIssues.Issue(grains, programs.Current, time.GetUtcNow(), memberId, template, body.CouponCode ?? NewCode(), "manual", caller.AsActor());
        return TypedResults.Created($"/api/v1/members/{memberId}/coupons", coupon);
    }

    public static async Task<Results<Ok<CouponList>, ProblemHttpResult>> ListMemberCoupons(string memberId, bool? includeUsed, IGrainFactory grains)
    {
        if (await MemberApi.FindById(grains, memberId) is null)
        {
            return Problems.NotFound("Member not found.");
        }
        return TypedResults.Ok(await grains.GetGrain<IMemberGrain>(memberId).Coupons(new ListCoupons(includeUsed ?? false)));
    }

    private static string NewCode() => "C" + Ids.NewMemberId()[1..];
}
