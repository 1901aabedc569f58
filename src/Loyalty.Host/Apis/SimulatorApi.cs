using Loyalty.Grains;
using Loyalty.Host.Auth;
using Loyalty.Host.Demo;
using Loyalty.Host.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Host.Apis;

/// <summary>The simulator's state as the dashboard shows it.</summary>
public sealed record SimulatorStatus(bool Available, bool Running, double CheckoutsPerSecond);

/// <summary>Start and stop the demo traffic simulator (admin; in-memory demo run only).</summary>
public static class SimulatorApi
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/simulator").RequireAuthorization(policy => policy.RequireRole(Roles.Admin)).WithTags("Demo");
        group.MapGet("/", GetSimulator).WithName(nameof(GetSimulator));
        group.MapPost("/start", StartSimulator).WithName(nameof(StartSimulator)).Errors(ErrorCodes.Conflict);
        group.MapPost("/stop", StopSimulator).WithName(nameof(StopSimulator));
        return app;
    }

    public static Ok<SimulatorStatus> GetSimulator(TrafficSimulator simulator) => TypedResults.Ok(StatusOf(simulator));

    public static Results<Ok<SimulatorStatus>, ProblemHttpResult> StartSimulator(TrafficSimulator simulator) =>
        simulator.Start()
            ? TypedResults.Ok(StatusOf(simulator))
            : Problems.Of(Grains.ErrorCodes.Conflict, "The simulator runs only in the in-memory demo run (no ConnectionStrings:Loyalty).");

    public static async Task<Ok<SimulatorStatus>> StopSimulator(TrafficSimulator simulator)
    {
        await simulator.Stop();
        return TypedResults.Ok(StatusOf(simulator));
    }

    private static SimulatorStatus StatusOf(TrafficSimulator simulator) =>
        new(simulator.IsAvailable, simulator.IsRunning, simulator.CheckoutsPerSecond);
}
