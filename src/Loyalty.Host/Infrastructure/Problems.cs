using Loyalty.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Infrastructure;

/// <summary>ProblemDetails with the stable <c>code</c> extension of api.md.</summary>
public static class Problems
{
    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.Validation => StatusCodes.Status400BadRequest,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        "forbidden" => StatusCodes.Status403Forbidden,
        "unauthorized" => StatusCodes.Status401Unauthorized,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status409Conflict,
    };

    public static string TitleFor(string code) => code switch
    {
        ErrorCodes.Validation => "The request is not valid.",
        ErrorCodes.NotFound => "Not found.",
        "forbidden" => "Not allowed for this API key.",
        "unauthorized" => "A valid X-Api-Key is required.",
        ErrorCodes.Conflict => "Conflict; the request had no effect and may be retried.",
        ErrorCodes.Unavailable => "The service is briefly unavailable; retry the same request.",
        ErrorCodes.RateLimited => "Too many requests for this API key.",
        ErrorCodes.PhoneTaken => "The phone number is already registered.",
        ErrorCodes.CardNumberTaken => "The card number is already in use.",
        ErrorCodes.OperationIdTaken => "The operation id was already used for another operation.",
        ErrorCodes.AlreadyInHousehold => "The member already belongs to a household.",
        _ => "The request cannot be carried out.",
    };

    public static ProblemHttpResult Of(string code, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusFor(code), title: TitleFor(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>A 400 <c>validation</c> about one field, for handlers whose results have no ValidationProblem.</summary>
    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem($"{field}: {message}", statusCode: StatusCodes.Status400BadRequest, title: TitleFor(ErrorCodes.Validation),
            extensions: new Dictionary<string, object?>
            {
                ["code"] = ErrorCodes.Validation,
                ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
            });

    public static ProblemHttpResult NotFound(string detail) => Of(ErrorCodes.NotFound, detail);

    public static ProblemHttpResult Forbidden(string detail) => Of("forbidden", detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: TitleFor(ErrorCodes.Validation),
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Validation });
}
