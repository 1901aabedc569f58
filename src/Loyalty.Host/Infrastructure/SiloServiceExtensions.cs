using System.Net;
using System.Net.Sockets;
using Loyalty.Grains;
using Loyalty.Grains.Hosting;
using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Storage.Postgres;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// How this host takes part in the Orleans cluster. By default it runs a silo in-process: clustering, the ledgered
/// storage of money grains, stock storage for program data, reminders and activation collection. Without a
/// connection string everything is in memory on localhost clustering (the demo run and fast tests); with one,
/// membership, reminders and all state are in PostgreSQL, and every host on that database with the same cluster id
/// forms one cluster. With <c>Loyalty:Cluster:ApiOnly</c> the host runs no silo: it serves the API and the hubs as
/// an Orleans client that finds the silos' gateways in the same membership table.
/// </summary>
public static class SiloServiceExtensions
{
    public static WebApplicationBuilder AddLoyaltySilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Loyalty");
        var cluster = ClusterSettings.From(configuration);
        builder.Services.AddOptions<LedgeredStorageOptions>().BindConfiguration("Loyalty:Storage");
        builder.Services.AddSingleton(cluster);
        UseWallClockForOrleans(builder.Services);

        if (cluster.ApiOnly)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Loyalty:Cluster:ApiOnly needs ConnectionStrings:Loyalty: an API-only host finds the silos in the PostgreSQL membership table.");
            }
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                client.UsePostgresClustering();
                if (cluster.ResponseTimeout is { } clientTimeout)
                {
                    client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = clientTimeout);
                }
                // Silos may still be starting (or all restarting): keep trying to connect instead of failing start-up.
                var deadline = DateTime.UtcNow + cluster.ConnectTimeout;
                client.UseConnectionRetryFilter(async (_, ct) =>
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        return false;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                    return true;
                });
                if (cluster.OrleansDashboard)
                {
                    client.AddDashboard();
                }
                CachedGrainInterfaceTypes.Register(client.Services);
            });
            return builder;
        }

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
                silo.ConfigureEndpoints(cluster.AdvertisedAddress is { } address ? Resolve(address) : IPAddress.Loopback,
                    Port(cluster.SiloPort ?? ClusterSettings.DefaultSiloPort), cluster.GatewayPort ?? ClusterSettings.DefaultGatewayPort,
                    listenOnAnyHostAddress: cluster.AdvertisedAddress is not null);
                silo.UsePostgresForOrleans(ProgramDataStorage.Name, GrainStateJson.Serializer);
                // How fast a dead silo is noticed (probe timeout, missed probes, votes): Orleans' defaults unless set.
                silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Loyalty:Cluster:Membership"));
            }
            if (cluster.ResponseTimeout is { } timeout)
            {
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = timeout);
            }
            silo.AddLedgeredStorage();
            if (cluster.OrleansDashboard)
            {
                silo.AddDashboard();
            }
            CachedGrainInterfaceTypes.Register(silo.Services);
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

    /// <summary>An IP address as given, or a host name's first IPv4 address (a container's name in docker compose).</summary>
    private static IPAddress Resolve(string address) => IPAddress.TryParse(address, out var ip)
        ? ip
        : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
          ?? throw new InvalidOperationException($"Loyalty:Cluster:AdvertisedAddress '{address}' has no IPv4 address.");

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
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Hosts with the same cluster id on one database form one cluster (membership is kept per cluster id).</summary>
    public string ClusterId { get; set; } = "loyalty";

    /// <summary>Stays the same across deployments: reminders and program data are kept per service id.</summary>
    public string ServiceId { get; set; } = "loyalty";

    /// <summary>Silo-to-silo port; 0 picks a free one. Default: 11111 in a cluster, a free one in the in-memory run.</summary>
    public int? SiloPort { get; set; }

    /// <summary>Port API-only hosts (Orleans clients) connect to; 0 runs no gateway. Default: 30000 in a cluster, none in memory.</summary>
    public int? GatewayPort { get; set; }

    /// <summary>The address (or host name) other silos reach this one at; null = loopback (one machine).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Run no silo: serve the API and hubs as an Orleans client of the silos on the same database.</summary>
    public bool ApiOnly { get; set; }

    /// <summary>How long an API-only host keeps trying to reach a silo at start-up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a grain call waits for its answer (Orleans' default, 30 s, when unset). A call whose silo died waits
    /// this long at worst before the caller gets a 503 and retries; calls known to be long set their own.
    /// </summary>
    public TimeSpan? ResponseTimeout { get; set; }

    /// <summary>Activations idle for longer are deactivated (their state is durable already).</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Serve Orleans' dashboard at <c>/orleans</c>. It costs CPU on every host all the time: once a second it reads
    /// every Orleans gauge, and counting the activations and the directory cache grows with the activations held
    /// (docs/benchmarks.md measures it). Operators who watch the cluster elsewhere (<c>/metrics</c>) turn it off.
    /// </summary>
    public bool OrleansDashboard { get; set; } = true;

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection("Loyalty:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
}
