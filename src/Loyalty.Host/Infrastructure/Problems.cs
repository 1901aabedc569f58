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
        "unavailable" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };

    public static string TitleFor(string code) => code switch
    {
        ErrorCodes.Validation => "The request is not valid.",
        ErrorCodes.NotFound => "Not found.",
        "forbidden" => "Not allowed for this API key.",
        "unauthorized" => "A valid X-Api-Key is required.",
        ErrorCodes.Conflict => "Conflict; the request had no effect and may be retried.",
        _ => "The request cannot be carried out.",
    };

    public static ProblemHttpResult Of(string code, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusFor(code), title: TitleFor(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotFound(string detail) => Of(ErrorCodes.NotFound, detail);

    public static ProblemHttpResult Forbidden(string detail) => Of("forbidden", detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: TitleFor(ErrorCodes.Validation),
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.Validation });
}
