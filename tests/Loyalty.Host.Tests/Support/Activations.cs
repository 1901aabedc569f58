using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Host.Tests.Support;

/// <summary>What the host's silo holds in memory, asked through Orleans' management grain.</summary>
public static class Activations
{
    /// <summary>Keys of the grains of a type that are active now.</summary>
    public static async Task<IReadOnlyList<string>> ActiveKeys(this WebApplicationFactory<Program> app, string grainType)
    {
        var ids = await Management(app).GetActiveGrains(GrainType.Create(grainType));
        return ids.Select(id => id.Key.ToString()!).ToList();
    }

    /// <summary>Deactivates every idle activation: the next call of each grain reads its stored state.</summary>
    public static Task DeactivateIdle(this WebApplicationFactory<Program> app) => Management(app).ForceActivationCollection(TimeSpan.Zero);

    private static IManagementGrain Management(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
}
