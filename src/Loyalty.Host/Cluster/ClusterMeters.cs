using Loyalty.Persistence;

namespace Loyalty.Host.Cluster;

/// <summary>
/// The meters a metrics exporter should listen to: the engine's own (<c>Loyalty</c>) and Orleans' (<c>Microsoft.Orleans</c>:
/// messaging, activations, grain calls, membership, reminders), which the silo and client create through the host's
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.
/// </summary>
public static class ClusterMeters
{
    public const string Orleans = "Microsoft.Orleans";

    public static IReadOnlyList<string> All { get; } = [LoyaltyMeter.Meter.Name, Orleans];
}
