using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Domain;
using Loyalty.Domain.Coupons;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record CouponTemplateRequest(
    string? TemplateId,
    string? Name,
    string? Kind,
    decimal? Amount,
    decimal? Percent,
    decimal? MinSpend,
    int? ValidDays,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    IReadOnlyList<string>? Tiers);

/// <summary>Coupon templates (优惠券): amount off with a minimum spend, or percent off; validity; tiers. Issuing is on members.</summary>
public static class CouponTemplateApi
{
    public const decimal MaxAmount = 100_000m;
    public const int MaxValidDays = 3_660;

    public static RouteGroupBuilder MapCouponTemplateApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/coupon-templates").RequireAuthorization().WithTags("Coupons");
        group.MapPost("/", CreateCouponTemplate).WithName(nameof(CreateCouponTemplate)).Errors(ErrorCodes.Validation, ErrorCodes.IdempotencyMismatch);
        group.MapGet("/", ListCouponTemplates).WithName(nameof(ListCouponTemplates));
        return group;
    }

    public static async Task<Results<Created<CouponTemplateRecord>, ValidationProblem, ProblemHttpResult>> CreateCouponTemplate(
        CouponTemplateRequest body, ClaimsPrincipal user, IGrainFactory grains, CatalogRefresher refresher, IProgramProvider programs)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins define coupon templates.");
        }
        var validation = new Validation().Id("templateId", body.TemplateId).Require("name", body.Name?.Trim(), 100);
        switch (body.Kind)
        {
            case CouponKinds.AmountOff:
                validation.Money("amount", body.Amount, MaxAmount, required: true, allowZero: false);
                if (body.Percent is not null)
                {
                    validation.Add("percent", "Only for percentOff coupons.");
                }
                break;
            case CouponKinds.PercentOff:
                if (body.Percent is not { } percent)
                {
                    validation.Add("percent", "Required.");
                }
                else if (percent <= 0m || percent >= 100m || !Money.HasAtMostDecimals(percent))
                {
                    validation.Add("percent", "Greater than 0 and less than 100 (10 = 10% off), at most 2 decimals.");
                }
                if (body.Amount is not null)
                {
                    validation.Add("amount", "Only for amountOff coupons.");
                }
                break;
            default:
                validation.Add("kind", "One of amountOff, percentOff.");
                break;
        }
        validation.Money("minSpend", body.MinSpend, 1_000_000m, required: false);
        if (body.ValidDays is { } days)
        {
            if (days is < 1 or > MaxValidDays)
            {
                validation.Add("validDays", $"Between 1 and {MaxValidDays}.");
            }
            if (body.ValidFrom is not null || body.ValidTo is not null)
            {
                validation.Add("validDays", "Either validDays or validFrom/validTo, not both.");
            }
        }
        else if (body.ValidTo is not { } validTo)
        {
            validation.Add("validTo", "validDays or validTo is required.");
        }
        else if (body.ValidFrom is { } validFrom && validTo <= validFrom)
        {
            validation.Add("validTo", "Must be after validFrom.");
        }
        CatalogValidation.IdList(validation, "tiers", body.Tiers, 50);
        if (body.Tiers is { Count: > 0 } tiers)
        {
            var program = programs.Current;
            for (var i = 0; i < tiers.Count; i++)
            {
                if (tiers[i] is { } tier && !program.HasTier(tier))
                {
                    validation.Add($"tiers[{i}]", "Not a tier of the program.");
                }
            }
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var template = new CouponTemplate(body.TemplateId!, body.Name!.Trim(), body.Kind!, body.Amount, body.Percent, body.MinSpend,
            body.ValidDays, body.ValidFrom?.ToUniversalTime(), body.ValidTo?.ToUniversalTime(), CatalogValidation.Distinct(body.Tiers));
        var record = await grains.GetGrain<ICouponTemplateCatalogGrain>(CouponTemplateCatalogGrain.DefaultKey)
            .Define(new DefineCouponTemplate(template, caller.AsActor()));
        await refresher.CouponTemplatesAsync();
        return TypedResults.Created($"/api/v1/coupon-templates/{template.TemplateId}", record);
    }

    public static async Task<Results<Ok<IReadOnlyList<CouponTemplateRecord>>, ProblemHttpResult>> ListCouponTemplates(
        ClaimsPrincipal user, CatalogRefresher refresher)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins list coupon templates.");
        }
        return TypedResults.Ok(await refresher.CouponTemplatesAsync());
    }
}
