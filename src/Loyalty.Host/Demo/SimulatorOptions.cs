namespace Loyalty.Host.Demo;

/// <summary>Section <c>Loyalty:Simulator</c>: the demo run's traffic simulator (in-memory storage only, off by default).</summary>
public sealed class SimulatorOptions
{
    /// <summary>Start simulating at start-up (otherwise an admin starts it from the dashboard or the API).</summary>
    public bool Enabled { get; set; }

    public double CheckoutsPerSecond { get; set; } = 4;

    /// <summary>Fixed seed for repeatable runs; random when unset.</summary>
    public int? Seed { get; set; }
}
