using Loyalty.Grains.Catalog;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Program;
using Loyalty.Persistence.Reports;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Npgsql;

namespace Loyalty.Host.Infrastructure;

/// <summary>Composition of the program side: promotion and coupon-template caches, the start-up loader, reports.</summary>
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

/// <summary>Copies the stored program, promotions and coupon templates into the in-memory providers checkouts read.</summary>
public sealed class CatalogRefresher(IGrainFactory grains, ProgramProvider program, PromotionCatalog promotions, CouponTemplates templates)
{
    public async Task<ProgramSnapshot> ProgramAsync(bool force = false)
    {
        var snapshot = await grains.GetGrain<IProgramGrain>(ProgramGrain.DefaultKey).Get(new GetProgram());
        ProgramUpdates.Apply(program, snapshot, force);
        return snapshot;
    }

    public async Task<IReadOnlyList<PromotionRecord>> PromotionsAsync() => (await PriceRulesAsync()).Promotions;

    /// <summary>The promotions and the member price list, as stored; the checkout's copy is replaced with them.</summary>
    public async Task<PromotionList> PriceRulesAsync()
    {
        var list = await grains.GetGrain<IPromotionCatalogGrain>(PromotionCatalogGrain.DefaultKey).List(new ListPromotions());
        promotions.Replace(list.Promotions, list.MemberPrices);
        return list;
    }

    public async Task<IReadOnlyList<CouponTemplateRecord>> CouponTemplatesAsync()
    {
        var list = await grains.GetGrain<ICouponTemplateCatalogGrain>(CouponTemplateCatalogGrain.DefaultKey).List(new ListCouponTemplates());
        templates.Replace(list.Templates);
        return list.Templates;
    }
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
