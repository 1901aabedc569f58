using System.Text.Json.Nodes;
using Loyalty.Grains;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Loyalty.Host.Infrastructure;

/// <summary>The error codes an endpoint can answer (besides those of every authenticated endpoint), for its OpenAPI description.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

/// <summary>
/// Documents each endpoint's ProblemDetails codes in <c>/openapi/v1.json</c>: one response per status whose description
/// lists the codes and what they mean, with the codes also in <c>x-error-codes</c> for generators.
/// </summary>
public static class ErrorDocs
{
    /// <summary>What each code means for a client: when to retry and when not.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meanings = new Dictionary<string, string>
    {
        [ErrorCodes.Validation] = "the request is not valid; `errors` names each field",
        ["unauthorized"] = "no API key, or an unknown one",
        ["forbidden"] = "the key's role may not do this, or it is another store's member, card or household",
        [ErrorCodes.NotFound] = "no such member, card, checkout or item",
        [ErrorCodes.CardLost] = "the card was reported lost and is blocked",
        [ErrorCodes.CardReplaced] = "the card was replaced (a second replacement with another number is refused with it too)",
        [ErrorCodes.MemberFrozen] = "the member is frozen",
        [ErrorCodes.MemberCancelled] = "the member is cancelled",
        [ErrorCodes.InsufficientPoints] = "not enough points",
        [ErrorCodes.PointsCapExceeded] = "more points than the program lets pay for this checkout",
        [ErrorCodes.InsufficientStoredValue] = "the card holds less stored value than asked",
        [ErrorCodes.CouponInvalid] = "the coupon is unknown, used, not yet valid, expired or not for this tier",
        [ErrorCodes.HouseholdLimit] = "a household rule (spending right, daily limit, size) refuses it",
        [ErrorCodes.TransferLimit] = "the giver's daily transfer limit would be exceeded",
        [ErrorCodes.RedemptionClosed] = "gifts cannot be redeemed this month",
        [Loyalty.Domain.Benefits.BenefitBook.NotAvailable] = "the member's tier has no such benefit, or a birthday benefit outside the birthday month",
        [Loyalty.Domain.Benefits.BenefitBook.Exhausted] = "the benefit's free uses this period are taken and it has no fee beyond",
        [Loyalty.Domain.Outreach.ReviewableSkus.NotEligible] = "reviews earn only for a SKU the member bought in the last year and has not reviewed since",
        [Loyalty.Domain.Points.RedemptionStore.Refused] = "the member's points pay only at the issuing (home) store",
        [Loyalty.Domain.Points.PoolingRule.Disabled] = "the program does not pool points across cards: no household can be formed or joined",
        [ErrorCodes.OutOfStock] = "the gift is out of stock; the points were given back",
        [ErrorCodes.IdempotencyMismatch] = "this id was used before with another request (not retryable)",
        [ErrorCodes.OperationIdTaken] = "this id was used before for another kind of operation (not retryable)",
        [ErrorCodes.PhoneTaken] = "the phone number is registered to another member (not retryable)",
        [ErrorCodes.CardNumberTaken] = "the card number is in use (not retryable: choose another)",
        [ErrorCodes.AlreadyInHousehold] = "the member already belongs to a household (not retryable until they leave it)",
        [ErrorCodes.BirthdayChangeLimited] = "the birthday was changed too recently (once per program period; not retryable until then)",
        [ErrorCodes.PinRequired] = "the program asks for the member's PIN (header X-Member-Pin) and none was sent",
        [ErrorCodes.PinInvalid] = "the PIN is wrong; `attemptsLeft` says how many tries remain before it locks",
        [ErrorCodes.PinLocked] = "the PIN is locked after repeated wrong PINs: a manager resets it (not retryable)",
        [ErrorCodes.ApprovalDecided] = "the approval request was already decided, or cannot be carried out as asked (not retryable)",
        [ErrorCodes.ReplacementWindowClosed] = "the lost card's replacement window after the loss report has passed (not retryable)",
        [ErrorCodes.Conflict] = "another change won the race, or a step is still being recorded: retry the same request",
        [ErrorCodes.RateLimited] = "too many requests for this key: wait for Retry-After",
        [ErrorCodes.Unavailable] = "the cluster is changing (a silo joining or leaving): retry the same request after Retry-After",
    };

    private static readonly string[] Authenticated = ["unauthorized", "forbidden", ErrorCodes.RateLimited, ErrorCodes.Unavailable];

    /// <summary>Declares the codes this endpoint answers beyond unauthorized, forbidden, rate_limited and unavailable.</summary>
    public static TBuilder Errors<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorCodesMetadata(codes));

    public static void Document(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = metadata.OfType<ErrorCodesMetadata>().SelectMany(m => m.Codes).ToList();
        if (metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy))
        {
            codes.AddRange(Authenticated);
        }
        if (codes.Count == 0)
        {
            return Task.CompletedTask;
        }
        operation.Responses ??= new OpenApiResponses();
        foreach (var status in codes.Distinct().GroupBy(Problems.StatusFor).OrderBy(g => g.Key))
        {
            var description = string.Join("; ", status.Select(c => $"`{c}`: {Meanings.GetValueOrDefault(c, c)}"));
            var response = new OpenApiResponse
            {
                Description = $"ProblemDetails with `code`: {description}.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    ["x-error-codes"] = new JsonNodeExtension(new JsonArray([.. status.Select(c => (JsonNode)JsonValue.Create(c))])),
                },
            };
            operation.Responses[status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        return Task.CompletedTask;
    });
}
