using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Cluster.Tests.Support;

/// <summary>
/// One real host (silo + API + hubs) on Kestrel at a free port, in the Testing environment, on a shared PostgreSQL
/// schema and cluster id: several of them in one process form one Orleans cluster, as separate machines would.
/// </summary>
public sealed class ClusterHost(string connectionString, string clusterId, FakeTimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public Uri BaseAddress { get; private set; } = null!;

    public FakeTimeProvider Time => time;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Loyalty", connectionString);
        builder.UseSetting("Loyalty:DemoData", "false");
        builder.UseSetting("Loyalty:Cluster:ClusterId", clusterId);
        // Beside Testing's S001 and S002: a store of the chain where only the promotion test checks out.
        builder.UseSetting("Loyalty:Stores:2", "S901");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(time));
    }

    /// <summary>Starts the host (its silo joins the cluster before this returns).</summary>
    public ClusterHost Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return this;
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}

/// <summary>Several <see cref="ClusterHost"/>s on one fresh schema: one engine reached through any of them.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultNow = DateTimeOffset.Parse("2026-06-15T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private LocalCluster(Loyalty.Tests.Support.PostgresTestSchema schema, IReadOnlyList<ClusterHost> hosts, FakeTimeProvider time)
    {
        Schema = schema;
        Hosts = hosts;
        Time = time;
    }

    public Loyalty.Tests.Support.PostgresTestSchema Schema { get; }

    public IReadOnlyList<ClusterHost> Hosts { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<LocalCluster> StartAsync(int hosts, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var schema = await Loyalty.Tests.Support.PostgresTestSchema.CreateMigratedAsync();
        var time = new FakeTimeProvider(DefaultNow);
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        var started = new List<ClusterHost>();
        // One after the other: the first silo founds the cluster, the others join it.
        for (var i = 0; i < hosts; i++)
        {
            started.Add(new ClusterHost(schema.ConnectionString, clusterId, time, settings).Start());
        }
        await Task.CompletedTask;
        return new LocalCluster(schema, started, time);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts.Reverse())
        {
            await host.DisposeAsync();
        }
        await Schema.DisposeAsync();
    }
}
