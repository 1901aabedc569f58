using System.Security.Claims;
using Loyalty.Grains;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record GiftRequest(string? CatalogItemId, string? Name, long? PointsPrice, int? Stock, string? CouponTemplateId = null);

public sealed record StockAdjustmentRequest(string? AdjustmentId, int? Delta);

/// <summary>The gift catalogue (礼品兑换): items with a points price and stock that never goes negative.</summary>
public static class GiftCatalogApi
{
    public const long MaxPointsPrice = 100_000_000;
    public const int MaxStockChange = 1_000_000;

    public static RouteGroupBuilder MapGiftCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").RequireAuthorization().WithTags("Gift catalogue");
        group.MapPost("/", CreateGift).WithName(nameof(CreateGift)).Errors(ErrorCodes.Validation, ErrorCodes.IdempotencyMismatch);
        group.MapGet("/", ListGifts).WithName(nameof(ListGifts));
        group.MapGet("/{catalogItemId}", GetGift).WithName(nameof(GetGift)).Errors(ErrorCodes.NotFound);
        group.MapPost("/{catalogItemId}/stock", AdjustStock).WithName(nameof(AdjustStock)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.OutOfStock, ErrorCodes.IdempotencyMismatch);
        return group;
    }

    /// <summary>Defines the gift and lists it (<see cref="GiftDefinitionFlow"/>); retrying the same request finishes a failed one.</summary>
    public static async Task<Results<Created<GiftView>, ValidationProblem, ProblemHttpResult>> CreateGift(
        GiftRequest body, ClaimsPrincipal user, GiftDefinitionFlow gifts, Loyalty.Grains.Program.ICouponTemplates templates)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins change the gift catalogue.");
        }
        var validation = new Validation().Id("catalogItemId", body.CatalogItemId).Require("name", body.Name?.Trim(), 100);
        if (body.PointsPrice is not { } price || price is <= 0 or > MaxPointsPrice)
        {
            validation.Add("pointsPrice", $"Whole points, from 1 to {MaxPointsPrice}.");
        }
        if (body.Stock is not { } stock || stock is < 0 or > MaxStockChange)
        {
            validation.Add("stock", $"From 0 to {MaxStockChange}.");
        }
        if (body.CouponTemplateId is { } templateId && templates.Find(templateId) is null)
        {
            validation.Add("couponTemplateId", "No coupon template has this id.");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var gift = await gifts.DefineAsync(body.CatalogItemId!, new DefineGift(body.Name!.Trim(), body.PointsPrice!.Value,
            body.Stock!.Value, caller.AsActor(), body.CouponTemplateId));
        return TypedResults.Created($"/api/v1/catalog/{body.CatalogItemId}", gift);
    }

    /// <summary>Every role may read the catalogue (clerks redeem gifts at the counter).</summary>
    public static async Task<Ok<IReadOnlyList<GiftView>>> ListGifts(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IGiftCatalogGrain>(GiftCatalogGrain.DefaultKey).List(new ListGifts());
        var gifts = await Task.WhenAll(ids.CatalogItemIds.Select(id => grains.GetGrain<IGiftGrain>(id).Get(new Grains.Contracts.GetGift())));
        return TypedResults.Ok<IReadOnlyList<GiftView>>(gifts.OfType<GiftView>().ToList());
    }

    public static async Task<Results<Ok<GiftView>, ProblemHttpResult>> GetGift(string catalogItemId, IGrainFactory grains)
    {
        var gift = MemberApi.IsPlausibleId(catalogItemId) ? await grains.GetGrain<IGiftGrain>(catalogItemId).Get(new Grains.Contracts.GetGift()) : null;
        return gift is null ? Problems.NotFound("No gift has this id.") : TypedResults.Ok(gift);
    }

    public static async Task<Results<Ok<GiftView>, ValidationProblem, ProblemHttpResult>> AdjustStock(
        string catalogItemId, StockAdjustmentRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins change the gift catalogue.");
        }
        var validation = new Validation().Id("adjustmentId", body.AdjustmentId);
        if (body.Delta is not { } delta || delta == 0 || Math.Abs((long)delta) > MaxStockChange)
        {
            validation.Add("delta", $"A non-zero change of at most {MaxStockChange} items (negative = write-off).");
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!MemberApi.IsPlausibleId(catalogItemId) || await grains.GetGrain<IGiftGrain>(catalogItemId).Get(new Grains.Contracts.GetGift()) is null)
        {
            return Problems.NotFound("No gift has this id.");
        }
        return TypedResults.Ok(await grains.GetGrain<IGiftGrain>(catalogItemId).AdjustStock(new AdjustGiftStock(body.AdjustmentId!, body.Delta!.Value, caller.AsActor())));
    }
}
