using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains;
using Loyalty.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Maps failures to ProblemDetails once, at the edge: domain refusals to their code, grain conflicts to a
/// retryable 409, unreadable bodies to 400 validation. Nothing else leaks details.
/// </summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail) = exception switch
        {
            // Pricing refusals that are about the request's own numbers are validation errors.
            DomainException { Code: "points_step" or "stored_value_exceeds_due" } d => (ErrorCodes.Validation, d.Message),
            DomainException d => (d.Code, d.Message),
            GrainConflictException => (ErrorCodes.Conflict, "Another change to the same account won; nothing was changed. Retry."),
            DuplicateOperationException => (ErrorCodes.Conflict, "This operation id was already used."),
            BadHttpRequestException { InnerException: JsonException } => (ErrorCodes.Validation, "The body is not valid JSON for this request."),
            BadHttpRequestException b => (ErrorCodes.Validation, b.Message),
            JsonException => (ErrorCodes.Validation, "The body is not valid JSON for this request."),
            _ => (null, null),
        };
        if (code is null)
        {
            LogUnhandled(exception.GetType().Name);
            return false;
        }
        var status = Problems.StatusFor(code);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = Problems.TitleFor(code), Detail = detail };
        problem.Extensions["code"] = code;
        if (code == ErrorCodes.Validation)
        {
            var field = exception is DomainException { Code: var c } ? c switch
            {
                "points_step" => "redeemPoints",
                "stored_value_exceeds_due" => "storedValueAmount",
                _ => "body",
            } : "body";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail!] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in a request")]
    private partial void LogUnhandled(string exceptionType);
}
