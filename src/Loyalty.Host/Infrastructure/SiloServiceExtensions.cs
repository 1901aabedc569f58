using System.Net;
using System.Net.Sockets;
using Loyalty.Grains;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Storage.Postgres;
using Orleans.Configuration;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// The Orleans silo this host runs in-process: clustering, the ledgered storage of money grains, stock storage for
/// program data, reminders and activation collection. Without a connection string everything is in memory on
/// localhost clustering (the demo run and fast tests); with one, membership, reminders and all state are in PostgreSQL.
/// </summary>
public static class SiloServiceExtensions
{
    public static WebApplicationBuilder AddLoyaltySilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Loyalty");
        var cluster = configuration.GetSection("Loyalty:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddOptions<LedgeredStorageOptions>().BindConfiguration("Loyalty:Storage");
        UseWallClockForOrleans(builder.Services);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                // One silo alone in memory: nobody else connects, so any free port and no gateway (two such hosts, e.g.
                // parallel tests, never collide).
                silo.UseLocalhostClustering(Port(cluster.SiloPort ?? 0), cluster.GatewayPort ?? 0, serviceId: cluster.ServiceId,
                    clusterId: cluster.ClusterId);
                silo.AddMemoryGrainStorage(ProgramDataStorage.Name, o => o.GrainStorageSerializer = GrainStateJson.Serializer);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.ConfigureEndpoints(cluster.AdvertisedAddress is { } address ? IPAddress.Parse(address) : IPAddress.Loopback,
                    Port(cluster.SiloPort ?? ClusterSettings.DefaultSiloPort), cluster.GatewayPort ?? ClusterSettings.DefaultGatewayPort,
                    listenOnAnyHostAddress: cluster.AdvertisedAddress is not null);
                silo.UsePostgresForOrleans(ProgramDataStorage.Name, GrainStateJson.Serializer);
            }
            silo.AddLedgeredStorage();
            silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = cluster.IdleAge;
                // Above this share of the machine's memory, Orleans deactivates the least recently used activations.
                o.EnableActivationSheddingOnMemoryPressure = true;
            });
        });
        return builder;
    }

    /// <summary>
    /// Orleans reads its own clocks (messaging timeouts, membership probes, timers) from keyed providers that fall back
    /// to the application's <see cref="TimeProvider"/>. Tests replace that one with a fake clock to control program
    /// dates; the cluster itself keeps real time.
    /// </summary>
    private static void UseWallClockForOrleans(IServiceCollection services)
    {
        foreach (var area in new[]
                 {
                     TimeProviderNames.Grains, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                     TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
                 })
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }
    }

    /// <summary>The port, or for 0 one nobody listens on now: several hosts in one process (tests) each need their own.</summary>
    private static int Port(int port)
    {
        if (port != 0)
        {
            return port;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Cluster settings (section <c>Loyalty:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public string ClusterId { get; set; } = "loyalty";

    public string ServiceId { get; set; } = "loyalty";

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Silo-to-silo port; 0 picks a free one. Default: 11111 in a cluster, a free one in the in-memory run.</summary>
    public int? SiloPort { get; set; }

    /// <summary>Port API-only hosts (Orleans clients) connect to; 0 runs no gateway. Default: 30000 in a cluster, none in memory.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>The address other silos reach this one at; null = loopback (one machine).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Activations idle for longer are deactivated (their state is durable already).</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(10);
}
