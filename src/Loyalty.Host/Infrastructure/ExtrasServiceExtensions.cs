using Loyalty.Grains.Flows;
using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Npgsql;

namespace Loyalty.Host.Infrastructure;

/// <summary>Services of the points extras: ledger queries (leaderboard) on the storage in use, and the multi-grain flows.</summary>
public static class ExtrasServiceExtensions
{
    public static WebApplicationBuilder AddLoyaltyExtras(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ILedgerQueries>(sp => sp.GetRequiredService<ILedgerStore>() is InMemoryLedgerStore memory
            ? new InMemoryLedgerQueries(memory)
            : new PostgresLedgerQueries(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddLoyaltyFlows();
        services.AddOptions<Import.ImportOptions>().BindConfiguration("Loyalty:Import");
        return builder;
    }
}
