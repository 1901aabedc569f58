using Loyalty.Grains.Program;
using Loyalty.Persistence;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Loyalty.Grains.Tests.Support;

/// <summary>
/// A real Orleans cluster in this process (TestingHost): silos that share one ledger store — in memory, or PostgreSQL
/// in a throw-away schema — with the engine's ledgered storage and its grains. Clients reach the silos through a
/// gateway, so every call and error crosses the wire as it would between hosts.
/// </summary>
public sealed class LedgeredCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private LedgeredCluster(InProcessTestCluster cluster, ILedgerStore store)
    {
        _cluster = cluster;
        Store = store;
    }

    public ILedgerStore Store { get; }

    public IClusterClient Client => _cluster.Client;

    public IReadOnlyList<InProcessSiloHandle> Silos => _cluster.Silos;

    public static async Task<LedgeredCluster> StartAsync(ILedgerStore store, int silos = 2, string? clusterId = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        if (clusterId is not null)
        {
            builder.Options.ClusterId = clusterId;
        }
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(store);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<IProgramProvider>(new ProgramProvider(Loyalty.Domain.ProgramSettings.Default));
            silo.Services.AddSingleton<IPromotionCatalog>(new PromotionCatalog());
            silo.Services.AddSingleton<ICouponTemplates>(new CouponTemplates());
            silo.AddLedgeredStorage();
            silo.AddMemoryGrainStorage(ProgramDataStorage.Name);
            // A dead silo is noticed within a few seconds, not the production default's longer window.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            services?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new LedgeredCluster(cluster, store);
    }

    public TGrain Grain<TGrain>(string key) where TGrain : IGrainWithStringKey => Client.GetGrain<TGrain>(key);

    /// <summary>The silo whose address is <paramref name="identity"/> (a grain's <c>RuntimeIdentity</c>).</summary>
    public InProcessSiloHandle SiloOf(string identity) => Silos.Single(s => identity.Contains(s.SiloAddress.ToParsableString(), StringComparison.Ordinal)
        || identity.Contains(s.SiloAddress.ToString(), StringComparison.Ordinal));

    /// <summary>Stops a silo without letting it deactivate anything or say goodbye, as a crashed process would.</summary>
    public Task KillAsync(InProcessSiloHandle silo) => _cluster.KillSiloAsync(silo);

    /// <summary>A graceful restart (the silo leaves the cluster, then a new one joins in its place), as a deployment does.</summary>
    public async Task<InProcessSiloHandle> RestartAsync(InProcessSiloHandle silo) =>
        await _cluster.RestartSiloAsync(silo) ?? throw new InvalidOperationException("The silo did not restart.");

    public T ServiceOf<T>(InProcessSiloHandle silo) where T : notnull => silo.SiloHost.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
