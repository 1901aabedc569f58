using System.Globalization;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime.Messaging;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Maps failures to ProblemDetails once, at the edge: domain refusals to their code, grain conflicts to a
/// retryable 409, unreadable bodies to 400 validation naming the field, the cluster's transport errors during
/// membership changes to a retryable 503. Nothing else leaks details.
/// </summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait before retrying after a 503 <c>unavailable</c>.</summary>
    public const int UnavailableRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        string? field = null;
        string? fieldMessage = null;
        var (code, detail) = exception switch
        {
            // Pricing refusals that are about the request's own numbers are validation errors.
            DomainException { Code: "points_step" or "stored_value_exceeds_due" } d => (ErrorCodes.Validation, d.Message),
            DomainException d => (d.Code, d.Message),
            GrainConflictException => (ErrorCodes.Conflict, "Another change to the same account won; nothing was changed. Retry."),
            DuplicateOperationException => (ErrorCodes.OperationIdTaken, "This operation id was already used for another operation."),
            BadHttpRequestException { InnerException: JsonException json } => Json(json, out field, out fieldMessage),
            JsonException json => Json(json, out field, out fieldMessage),
            BadHttpRequestException b => (ErrorCodes.Validation, BodyProblem(b, out field)),
            // Silos joining or leaving: the call did not happen or its answer was lost; the same request may be retried.
            _ when IsClusterTransient(exception) =>
                (ErrorCodes.Unavailable, "The cluster could not answer right now (a silo is joining or leaving); the request may or may not have taken effect: retry it with the same id."),
            _ => (null, null),
        };
        if (code is null)
        {
            LogUnhandled(exception.GetType().Name);
            return false;
        }
        if (code == ErrorCodes.Unavailable)
        {
            LogUnavailable(exception.GetType().Name);
            context.Response.Headers.RetryAfter = UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
        var status = Problems.StatusFor(code);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = Problems.TitleFor(code), Detail = detail };
        problem.Extensions["code"] = code;
        if (code == ErrorCodes.Validation)
        {
            field ??= exception is DomainException { Code: var c } ? c switch
            {
                "points_step" => "redeemPoints",
                "stored_value_exceeds_due" => "storedValueAmount",
                _ => "body",
            } : "body";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [fieldMessage ?? detail!] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Orleans' errors of an unreachable or vanished silo, client or gateway, and a response that did not arrive in
    /// time. None says the operation did not happen and none is the caller's fault.
    /// </summary>
    private static bool IsClusterTransient(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException => true,
        ClientNotAvailableException or GatewayTooBusyException => true,
        // Orleans' response timeout; a timeout of the caller's own making is an OperationCanceledException instead.
        TimeoutException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsClusterTransient(aggregate.InnerExceptions[0]),
        _ => false,
    };

    private static (string Code, string Detail) Json(JsonException json, out string field, out string fieldMessage)
    {
        (field, fieldMessage) = JsonErrors.Describe(json);
        return (ErrorCodes.Validation, field == "body" ? fieldMessage : $"{field}: {fieldMessage}");
    }

    /// <summary>The framework's binding failures in the API's words (its own text names parameters and types).</summary>
    private static string BodyProblem(BadHttpRequestException exception, out string field)
    {
        field = "body";
        if (!exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && Parameter().Match(exception.Message) is { Success: true } parameter)
        {
            // A route or query value that does not convert (?limit=abc): name the parameter, never its .NET type.
            field = parameter.Groups["name"].Value;
            return exception.Message.StartsWith("Required", StringComparison.Ordinal) ? "Required." : "Not a valid value for this parameter.";
        }
        return exception.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON (Content-Type: application/json).",
            StatusCodes.Status413PayloadTooLarge => "The body is too large.",
            _ when exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "A JSON body is required for this request.",
            _ => "The request is not valid for this endpoint.",
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\"")]
    private static partial System.Text.RegularExpressions.Regex Parameter();

    [LoggerMessage(EventId = LogEvents.UnhandledRequestException, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in a request")]
    private partial void LogUnhandled(string exceptionType);

    [LoggerMessage(EventId = LogEvents.ClusterUnavailable, Level = LogLevel.Warning,
        Message = "A grain call failed with {ExceptionType} (cluster change); answered 503 unavailable")]
    private partial void LogUnavailable(string exceptionType);
}
