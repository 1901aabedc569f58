using System.Security.Claims;
using Loyalty.Host.Auth;
using Loyalty.Host.Cluster;
using Loyalty.Host.Infrastructure;
using Loyalty.Host.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>Scheduled jobs: an admin can run one pass now (the cluster's timer runs them anyway).</summary>
public static class JobApi
{
    public static RouteGroupBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").RequireAuthorization().WithTags("Jobs");
        group.MapPost("/run", RunJobs).WithName(nameof(RunJobs));
        return group;
    }

    public static async Task<Results<Ok<JobPassReport>, ProblemHttpResult>> RunJobs(
        ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return Problems.Forbidden("Only a chain administrator can run the scheduled jobs.");
        }
        // Through the cluster's one scheduler grain: never at the same time as its timer's pass, on any host.
        return TypedResults.Ok(await grains.GetGrain<IJobSchedulerGrain>(IJobSchedulerGrain.DefaultKey).RunPass());
    }
}
