using System.Security.Claims;
using Loyalty.Host.Auth;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>Scheduled jobs: an admin can run one pass now (the timer runs them anyway).</summary>
public static class JobApi
{
    public static RouteGroupBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").RequireAuthorization().WithTags("Jobs");
        group.MapPost("/run", RunJobs).WithName(nameof(RunJobs));
        return group;
    }

    public static async Task<Results<Ok<JobPassReport>, ProblemHttpResult>> RunJobs(
        ClaimsPrincipal user, JobScheduler scheduler, CancellationToken ct)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return Problems.Forbidden("Only a chain administrator can run the scheduled jobs.");
        }
        return TypedResults.Ok(await scheduler.RunOnceAsync(ct));
    }
}
