using System.Security.Claims;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Flows;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

public sealed record RefundLineBody(string? Sku, decimal? Quantity);

public sealed record RefundBody(string? RefundId, List<RefundLineBody>? Lines);

/// <summary>Refunds (退货): managers of the checkout's store and admins; idempotent by refund id.</summary>
public static class RefundApi
{
    public static RouteGroupBuilder MapRefundApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/checkouts").RequireAuthorization().WithTags("Checkouts");
        group.MapPost("/{checkoutId}/refunds", RefundCheckout).WithName(nameof(RefundCheckout)).Errors(ErrorCodes.Validation, ErrorCodes.NotFound, ErrorCodes.IdempotencyMismatch, ErrorCodes.Conflict);
        return group;
    }

    public static async Task<Results<Ok<RefundReceipt>, ValidationProblem, ProblemHttpResult>> RefundCheckout(
        string checkoutId, RefundBody body, ClaimsPrincipal user, RefundFlow refunds, ILedgerStore storage)
    {
        var caller = Caller.From(user);
        var validation = new Validation().Id("refundId", body.RefundId);
        if (body.Lines is { Count: 0 or > CheckoutBody.MaxLines })
        {
            validation.Add("lines", $"Omit lines to refund everything, or give 1 to {CheckoutBody.MaxLines} lines.");
        }
        for (var i = 0; i < (body.Lines?.Count ?? 0); i++)
        {
            var line = body.Lines![i];
            validation.Require($"lines[{i}].sku", line?.Sku, 64);
            if (line?.Quantity is not { } q || q <= 0 || q > CheckoutBody.MaxQuantity || !Money.HasAtMostDecimals(q, 3))
            {
                validation.Add($"lines[{i}].quantity", "Greater than 0, at most 3 decimals.");
            }
        }
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }
        if (!caller.IsManagerOrAdmin)
        {
            return Problems.Forbidden("Refunds are made by a store manager.");
        }
        var document = MemberApi.IsPlausibleId(checkoutId) ? await storage.ReadDocumentAsync(Documents.Checkouts, checkoutId) : null;
        if (document is null)
        {
            return Problems.NotFound("Checkout not found.");
        }
        var record = JsonSerializer.Deserialize(document.BodyJson, GrainJson.Default.CheckoutRecord)!;
        if (!caller.MayActFor(record.Receipt.StoreId))
        {
            return Problems.Forbidden("Refunds are made by the store that sold.");
        }
        var lines = body.Lines?.Select(l => new RefundLineRequest(l.Sku!, l.Quantity!.Value)).ToList();
        // Over the parsed lines with quantities by value (1 = 1.0 = 1.000), so a re-serialised repeat is the same refund.
        var hash = Canonical.Hash(new { checkoutId, lines = lines?.Select(l => new { sku = l.Sku, quantity = Canonical.Number(l.Quantity) }).ToList() });
        // The member's reversal, then the stored value back to the card: RefundFlow.
        var receipt = await refunds.RefundAsync(new RefundCheckout(body.RefundId!, hash, record, lines, caller.AsActor()));
        return TypedResults.Ok(receipt);
    }
}
