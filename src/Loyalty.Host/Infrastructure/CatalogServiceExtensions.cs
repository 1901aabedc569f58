using Loyalty.Domain;
using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Host.Cluster;
using Loyalty.Persistence.Reports;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Npgsql;

namespace Loyalty.Host.Infrastructure;

/// <summary>Composition of the program side: promotion and coupon-template caches (kept in step across hosts), the start-up loader, reports.</summary>
public static class CatalogServiceExtensions
{
    /// <summary>Call after <c>AddLoyaltyEngine</c>: the loader must start after the migrations.</summary>
    public static WebApplicationBuilder AddLoyaltyCatalog(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PromotionCatalog>();
        services.AddSingleton<IPromotionCatalog>(sp => sp.GetRequiredService<PromotionCatalog>());
        services.AddSingleton<CouponTemplates>();
        services.AddSingleton<ICouponTemplates>(sp => sp.GetRequiredService<CouponTemplates>());
        services.AddSingleton<IReportQueries>(sp => sp.GetRequiredService<ILedgerStore>() is InMemoryLedgerStore memory
            ? new InMemoryReportQueries(memory)
            : new ReportQueries(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<CatalogRefresher>();
        services.AddHostedService<CatalogLoader>();
        return builder;
    }
}

/// <summary>
/// Copies the stored program, promotions and coupon templates into the in-memory providers checkouts read, and keeps
/// every host of the cluster in step: when a read shows that this host's copy was behind (an admin's change through
/// this host, or one it missed), it announces the change to the other hosts and waits for them to reload
/// (<see cref="ClusterPeers.AnnounceAsync"/>), so the change is in force on every host for the next checkout.
/// Each kind is fetched and applied under its own lock, so a slow read never overwrites a newer one.
/// </summary>
public sealed class CatalogRefresher(
    IGrainFactory grains, ProgramProvider program, PromotionCatalog promotions, CouponTemplates templates, IServiceProvider services)
{
    private readonly SemaphoreSlim _programGate = new(1, 1);
    private readonly SemaphoreSlim _promotionsGate = new(1, 1);
    private readonly SemaphoreSlim _templatesGate = new(1, 1);
    private int _memberPricesVersion;

    public async Task<ProgramSnapshot> ProgramAsync(bool force = false)
    {
        var (snapshot, advanced) = await LoadProgramAsync(force);
        if (advanced && !force)
        {
            await AnnounceAsync(CatalogKind.Program);
        }
        return snapshot;
    }

    /// <summary>After a change through this host: puts the stored snapshot in force here and on every host; answers the settings in force.</summary>
    public async Task<ProgramSettings> ProgramChangedAsync(ProgramSnapshot snapshot)
    {
        ProgramSettings current;
        await _programGate.WaitAsync();
        try
        {
            current = ProgramUpdates.Apply(program, snapshot);
        }
        finally
        {
            _programGate.Release();
        }
        await AnnounceAsync(CatalogKind.Program);
        return current;
    }

    public async Task<IReadOnlyList<PromotionRecord>> PromotionsAsync() => (await PriceRulesAsync()).Promotions;

    /// <summary>The promotions and the member price list, as stored, put in force here and (when changed) on every host.</summary>
    public async Task<PromotionList> PriceRulesAsync()
    {
        var (list, changed) = await LoadPromotionsAsync();
        if (changed)
        {
            await AnnounceAsync(CatalogKind.Promotions);
        }
        return list;
    }

    public async Task<IReadOnlyList<CouponTemplateRecord>> CouponTemplatesAsync()
    {
        var (list, grew) = await LoadTemplatesAsync();
        if (grew)
        {
            await AnnounceAsync(CatalogKind.CouponTemplates);
        }
        return list;
    }

    /// <summary>Reloads one kind because another host said it changed (or on the periodic safety reload); announces nothing.</summary>
    public async Task ReloadAsync(CatalogKind kind)
    {
        switch (kind)
        {
            case CatalogKind.Program:
                await LoadProgramAsync(force: false);
                break;
            case CatalogKind.Promotions:
                await LoadPromotionsAsync();
                break;
            case CatalogKind.CouponTemplates:
                await LoadTemplatesAsync();
                break;
        }
    }

    private async Task<(ProgramSnapshot Snapshot, bool Advanced)> LoadProgramAsync(bool force)
    {
        await _programGate.WaitAsync();
        try
        {
            var before = program.Current.Version;
            var snapshot = await grains.GetGrain<IProgramGrain>(ProgramGrain.DefaultKey).Get(new GetProgram());
            var after = ProgramUpdates.Apply(program, snapshot, force).Version;
            return (snapshot, after > before);
        }
        finally
        {
            _programGate.Release();
        }
    }

    // Promotions and coupon templates are only ever added (definitions are immutable), so a longer list is a newer one;
    // the member price list is replaced whole and versioned.
    private async Task<(PromotionList List, bool Changed)> LoadPromotionsAsync()
    {
        await _promotionsGate.WaitAsync();
        try
        {
            var before = (promotions.All.Count, _memberPricesVersion);
            var list = await grains.GetGrain<IPromotionCatalogGrain>(PromotionCatalogGrain.DefaultKey).List(new ListPromotions());
            promotions.Replace(list.Promotions, list.MemberPrices);
            _memberPricesVersion = list.MemberPrices?.Version ?? 0;
            return (list, list.Promotions.Count > before.Count || _memberPricesVersion != before._memberPricesVersion);
        }
        finally
        {
            _promotionsGate.Release();
        }
    }

    private async Task<(IReadOnlyList<CouponTemplateRecord> List, bool Grew)> LoadTemplatesAsync()
    {
        await _templatesGate.WaitAsync();
        try
        {
            var before = templates.All.Count;
            var list = await grains.GetGrain<ICouponTemplateCatalogGrain>(CouponTemplateCatalogGrain.DefaultKey).List(new ListCouponTemplates());
            templates.Replace(list.Templates);
            return (list.Templates, list.Templates.Count > before);
        }
        finally
        {
            _templatesGate.Release();
        }
    }

    // Resolved late: the peers reach back into this refresher when another host announces a change.
    private Task AnnounceAsync(CatalogKind kind) => services.GetRequiredService<ClusterPeers>().AnnounceAsync(kind);
}

/// <summary>Loads the stored program, promotions and coupon templates before the host serves its first request.</summary>
public sealed partial class CatalogLoader(CatalogRefresher refresher, ILogger<CatalogLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var program = await refresher.ProgramAsync(force: true);
        var promotions = await refresher.PromotionsAsync();
        var templates = await refresher.CouponTemplatesAsync();
        LogLoaded(program.Version, promotions.Count, templates.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.CatalogLoaded, Level = LogLevel.Information,
        Message = "Program version {Version} in force; {Promotions} promotions and {Templates} coupon templates loaded")]
    private partial void LogLoaded(int version, int promotions, int templates);
}
