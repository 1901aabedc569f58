using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Loyalty.Host.Cluster;

/// <summary>
/// While the cluster changes (a silo died and is not yet declared dead, a gateway went away, a call's answer was
/// lost with its silo), grain calls fail with Orleans' transport errors. None of them says the operation did not
/// happen, and none is the caller's fault: they are answered 503 <c>unavailable</c> with <c>Retry-After</c>, and
/// the caller retries with the same operation id (checkout id, transfer id…), which settles it exactly once.
/// </summary>
public sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public const string Code = "unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception))
        {
            return false;
        }
        LogUnavailable(exception.GetType().Name, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The cluster is changing; retry.",
            Detail = "A silo did not answer (it may have just failed). The request may or may not have taken effect: retry it with the same id.",
        };
        problem.Extensions["code"] = Code;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Orleans' errors of an unreachable or vanished silo, client or gateway, and a response that did not arrive in time.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException => true,
        ConnectionFailedException => true,
        // Orleans' response timeout; a timeout of the caller's own making is an OperationCanceledException instead.
        TimeoutException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsTransient(aggregate.InnerExceptions[0]),
        _ => false,
    };

    [LoggerMessage(EventId = 345, Level = LogLevel.Warning, Message = "{Error} on {Path}: answered 503, the caller retries")]
    private partial void LogUnavailable(string error, string path);
}
