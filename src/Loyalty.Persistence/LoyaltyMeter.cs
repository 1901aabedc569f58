using System.Diagnostics.Metrics;

namespace Loyalty.Persistence;

/// <summary>The one meter of the engine ("Loyalty"); instruments use OpenTelemetry-style names and units.</summary>
public static class LoyaltyMeter
{
    public static readonly Meter Meter = new("Loyalty", "1.0");
}
