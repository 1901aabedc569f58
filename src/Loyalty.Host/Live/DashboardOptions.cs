namespace Loyalty.Host.Live;

/// <summary>Section <c>Loyalty:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// Events the bus holds before dropping the oldest: several seconds of a busy chain, a few MB at most.
    /// </summary>
    public int BusCapacity { get; set; } = 20_000;
}
