using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Persistence;

/// <summary>Silo wiring of the ledgered storage; the <see cref="ILedgerStore"/> itself is registered by the host.</summary>
public static class LedgeredStorageExtensions
{
    public static ISiloBuilder AddLedgeredStorage(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddOptions<LedgeredStorageOptions>();
        services.AddSingleton<IAttributeToFactoryMapper<LedgeredStateAttribute>, LedgeredStateMapper>();
        services.AddSingleton<LocalDurability>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgeredStorageOptions>>().Value;
            return new GroupCommitter(sp.GetRequiredService<ILedgerStore>(), options.MaxBatchSize, options.CommitConcurrency);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgeredStorageOptions>>().Value;
            return new GroupReader(sp.GetRequiredService<ILedgerStore>(), options.MaxReadBatchSize, options.ReadConcurrency,
                options.PrefetchOwners);
        });
        silo.AddIncomingGrainCallFilter<LedgeredCommitFilter>();
        return silo;
    }
}
