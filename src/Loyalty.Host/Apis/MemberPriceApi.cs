using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>One member price entry as sent: a SKU with its member unit price, or a category with its member discount rate.</summary>
public sealed record MemberPriceBody(string? Tier, string? Sku, string? Category, decimal? UnitPrice, decimal? DiscountRate);

/// <summary>The whole member price list, as sent to replace the one in force.</summary>
public sealed record MemberPricesRequest(IReadOnlyList<MemberPriceBody>? Prices);

/// <summary>
/// The member price list (会员价): per tier, a SKU's member unit price or a category's member discount rate. Admins
/// replace it as a whole; managers and admins read it. It applies to checkouts after the change.
/// </summary>
public static class MemberPriceApi
{
    public const int MaxEntries = 10_000;
    public const decimal MaxUnitPrice = 100_000m;

    public static RouteGroupBuilder MapMemberPriceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/member-prices").RequireAuthorization().WithTags("Promotions");
        group.MapPut("/", PutMemberPrices).WithName(nameof(PutMemberPrices)).Errors(ErrorCodes.Validation);
        group.MapGet("/", GetMemberPrices).WithName(nameof(GetMemberPrices));
        return group;
    }

    public static async Task<Results<Ok<MemberPriceList>, ValidationProblem, ProblemHttpResult>> PutMemberPrices(
        MemberPricesRequest body, ClaimsPrincipal user, IGrainFactory grains, CatalogRefresher refresher, IProgramProvider programs)
    {
        var caller = Caller.From(user);
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("Only admins change member prices.");
        }
        var validation = new Validation();
        if (body.Prices is null || body.Prices.Count > MaxEntries)
        {
            validation.Add("prices", $"Required: up to {MaxEntries} entries (empty = no member prices).");
            return Problems.Validation(validation.Errors);
        }
        var program = programs.Current;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.Prices.Count; i++)
        {
            Check(validation, $"prices[{i}]", body.Prices[i], program, seen);
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        var prices = body.Prices.Select(p => new MemberPriceItem(p.Tier!, p.Sku, p.Category, p.UnitPrice, p.DiscountRate)).ToList();
        var list = await grains.GetGrain<IPromotionCatalogGrain>(PromotionCatalogGrain.DefaultKey).SetMemberPrices(new SetMemberPrices(prices, caller.AsActor()));
        await refresher.PromotionsAsync();
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<MemberPriceList>, ProblemHttpResult>> GetMemberPrices(ClaimsPrincipal user, CatalogRefresher refresher)
    {
        if (!Caller.From(user).IsManagerOrAdmin)
        {
            return Problems.Forbidden("Only managers and admins read member prices.");
        }
        return TypedResults.Ok((await refresher.PriceRulesAsync()).MemberPrices ?? MemberPriceList.Empty);
    }

    private static void Check(Validation validation, string at, MemberPriceBody? entry, ProgramSettings program, HashSet<string> seen)
    {
        if (entry is null)
        {
            validation.Add(at, "Required.");
            return;
        }
        validation.Require($"{at}.tier", entry.Tier, 64);
        if (entry.Tier is { } tier && !program.HasTier(tier))
        {
            validation.Add($"{at}.tier", "Not a tier of the program in force.");
        }
        if ((entry.Sku is null) == (entry.Category is null))
        {
            validation.Add(at, "Exactly one of sku (with unitPrice) and category (with discountRate).");
            return;
        }
        if (entry.Sku is not null)
        {
            validation.Require($"{at}.sku", entry.Sku, 64).Money($"{at}.unitPrice", entry.UnitPrice, MaxUnitPrice, required: true);
            if (entry.DiscountRate is not null)
            {
                validation.Add($"{at}.discountRate", "Only for a category entry.");
            }
        }
        else
        {
            validation.Require($"{at}.category", entry.Category, 64);
            if (entry.UnitPrice is not null)
            {
                validation.Add($"{at}.unitPrice", "Only for a SKU entry.");
            }
            if (entry.DiscountRate is not { } rate || rate is <= 0m or >= 1m || !Money.HasAtMostDecimals(rate, 4))
            {
                validation.Add($"{at}.discountRate", "Required: greater than 0 and less than 1, at most 4 decimals (0.1 = 10% off).");
            }
        }
        var key = entry.Sku is { } sku ? $"{entry.Tier}\u0001sku\u0001{sku}" : $"{entry.Tier}\u0001category\u0001{entry.Category?.ToUpperInvariant()}";
        if (!seen.Add(key))
        {
            validation.Add(at, "Another entry already prices this SKU or category for this tier.");
        }
    }
}
