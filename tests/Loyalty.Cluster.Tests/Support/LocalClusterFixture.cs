namespace Loyalty.Cluster.Tests.Support;

/// <summary>Three hosts on one schema, shared by the tests of a class (they run one after the other).</summary>
public sealed class ThreeHostFixture : IAsyncLifetime
{
    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await LocalCluster.StartAsync(3);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
