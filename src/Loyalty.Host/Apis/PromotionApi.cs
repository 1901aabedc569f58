using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Domain;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record PromotionRequest(
    string? PromotionId,
    string? Name,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    IReadOnlyList<string>? StoreIds,
    IReadOnlyList<string>? Categories,
    decimal? PointsMultiplier,
    long? PointsBudget,
    IReadOnlyList<string>? Skus = null,
    decimal? DiscountRate = null,
    decimal? AmountOff = null);

/// <summary>
/// Promotions (活动) by time window, store, category and SKU: a points multiplier, or a price discount (a rate or an
/// amount off each unit); defined once, idempotent by id.
/// </summary>
public static class PromotionApi
{
    public const decimal MaxMultiplier = 10m;
    /// <summary>Largest amount off one unit a price promotion may give (a line never goes below 0 whatever it says).</summary>
    public const decimal MaxAmountOff = 100_000m;
    private const int MaxListEntries = 200;

    public static RouteGroupBuilder MapPromotionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/promotions").RequireAuthorization().WithTags("Promotions");
        group.MapPost("/", CreatePromotion).WithName(nameof(CreatePromotion)).Errors(ErrorCodes.Validation, ErrorCodes.IdempotencyMismatch);
        group.MapGet("/", ListPromotions).WithName(nameof(ListPromotions));
        group.MapGet("/{promotionId}/budget", GetPromotionBudget).WithName(nameof(GetPromotionBudget)).Errors(ErrorCodes.NotFound);
        return group;
    }

    public static async Task<Results<Created<PromotionRecord>, ValidationProblem, ProblemHttpResult>> CreatePromotion(
        PromotionRequest body, ClaimsPrincipal user, IGrainFactory grains, CatalogRefresher refresher, StoreDirectory stores)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins define promotions.");
        }
        var validation = new Validation().Id("promotionId", body.PromotionId).Require("name", body.Name?.Trim(), 100);
        if (body.StartsAt is null)
        {
            validation.Add("startsAt", "Required.");
        }
        if (body.EndsAt is null)
        {
            validation.Add("endsAt", "Required.");
        }
        else if (body.StartsAt is { } starts && body.EndsAt <= starts)
        {
            validation.Add("endsAt", "Must be after startsAt.");
        }
        var kinds = (body.PointsMultiplier is null ? 0 : 1) + (body.DiscountRate is null ? 0 : 1) + (body.AmountOff is null ? 0 : 1);
        if (kinds > 1)
        {
            validation.Add("pointsMultiplier", "Exactly one of pointsMultiplier, discountRate and amountOff.");
        }
        else if (body.DiscountRate is { } rate)
        {
            if (rate is <= 0m or >= 1m)
            {
                validation.Add("discountRate", "Greater than 0 and less than 1 (0.2 = 20% off).");
            }
            else if (!Money.HasAtMostDecimals(rate, 4))
            {
                validation.Add("discountRate", "At most 4 decimals.");
            }
        }
        else if (body.AmountOff is { } amountOff)
        {
            validation.Money("amountOff", amountOff, MaxAmountOff, required: true, allowZero: false);
        }
        else if (body.PointsMultiplier is not { } multiplier)
        {
            validation.Add("pointsMultiplier", "Required.");
        }
        else if (multiplier <= 1m || multiplier > MaxMultiplier)
        {
            validation.Add("pointsMultiplier", $"Greater than 1 and at most {MaxMultiplier}.");
        }
        else if (!Money.HasAtMostDecimals(multiplier))
        {
            validation.Add("pointsMultiplier", "At most 2 decimals.");
        }
        if (body.PointsBudget is <= 0)
        {
            validation.Add("pointsBudget", "Positive, or omitted for no budget.");
        }
        else if (body.PointsBudget is not null && body.PointsMultiplier is null)
        {
            validation.Add("pointsBudget", "Only a points multiplier has a points budget.");
        }
        CatalogValidation.SkuList(validation, "skus", body.Skus, MaxListEntries);
        CatalogValidation.IdList(validation, "storeIds", body.StoreIds, MaxListEntries, maxLength: 32);
        for (var i = 0; i < (body.StoreIds?.Count ?? 0); i++)
        {
            stores.Check(validation, $"storeIds[{i}]", body.StoreIds![i]);
        }
        CatalogValidation.NameList(validation, "categories", body.Categories, MaxListEntries);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var definition = new PromotionDefinition(body.PromotionId!, body.Name!.Trim(), body.StartsAt!.Value.ToUniversalTime(),
            body.EndsAt!.Value.ToUniversalTime(), CatalogValidation.Distinct(body.StoreIds), CatalogValidation.Distinct(body.Categories),
            body.PointsMultiplier ?? 1m, body.PointsBudget, CatalogValidation.Distinct(body.Skus), body.DiscountRate, body.AmountOff);
        var record = await grains.GetGrain<IPromotionCatalogGrain>(PromotionCatalogGrain.DefaultKey).Define(new DefinePromotion(definition, caller.AsActor()));
        await refresher.PromotionsAsync();
        return TypedResults.Created($"/api/v1/promotions/{definition.PromotionId}", record);
    }

    public static async Task<Results<Ok<IReadOnlyList<PromotionRecord>>, ProblemHttpResult>> ListPromotions(
        ClaimsPrincipal user, CatalogRefresher refresher)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins list promotions.");
        }
        return TypedResults.Ok(await refresher.PromotionsAsync());
    }

    public static async Task<Results<Ok<BudgetView>, ProblemHttpResult>> GetPromotionBudget(
        string promotionId, ClaimsPrincipal user, IGrainFactory grains, Grains.Program.IPromotionCatalog catalog)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins read promotion budgets.");
        }
        if (!MemberApi.IsPlausibleId(promotionId) || catalog.Find(promotionId) is null)
        {
            return Problems.NotFound("No promotion has this id.");
        }
        return TypedResults.Ok(await grains.GetGrain<IPromotionBudgetGrain>(promotionId).Get(new GetBudget()));
    }
}

/// <summary>Checks shared by the catalogue endpoints.</summary>
public static class CatalogValidation
{
    public static void IdList(Validation validation, string field, IReadOnlyList<string>? ids, int maxEntries, int maxLength = 64)
    {
        if (ids is null)
        {
            return;
        }
        if (ids.Count == 0 || ids.Count > maxEntries)
        {
            validation.Add(field, $"Between 1 and {maxEntries} entries, or omitted for all.");
            return;
        }
        for (var i = 0; i < ids.Count; i++)
        {
            validation.Id($"{field}[{i}]", ids[i], maxLength: maxLength);
        }
    }

    public static void NameList(Validation validation, string field, IReadOnlyList<string>? names, int maxEntries)
    {
        if (names is null)
        {
            return;
        }
        if (names.Count == 0 || names.Count > maxEntries)
        {
            validation.Add(field, $"Between 1 and {maxEntries} entries, or omitted for all.");
            return;
        }
        for (var i = 0; i < names.Count; i++)
        {
            validation.Require($"{field}[{i}]", names[i], 50);
        }
    }

    /// <summary>SKUs as the till sends them (up to 64 characters, as checkout lines accept).</summary>
    public static void SkuList(Validation validation, string field, IReadOnlyList<string>? skus, int maxEntries)
    {
        if (skus is null)
        {
            return;
        }
        if (skus.Count == 0 || skus.Count > maxEntries)
        {
            validation.Add(field, $"Between 1 and {maxEntries} entries, or omitted for all.");
            return;
        }
        for (var i = 0; i < skus.Count; i++)
        {
            validation.Require($"{field}[{i}]", skus[i], 64);
        }
    }

    /// <summary>The list without repeats, in first-seen order; null stays null (= all).</summary>
    public static IReadOnlyList<string>? Distinct(IReadOnlyList<string>? values) => values?.Distinct(StringComparer.Ordinal).ToList();
}
