using Loyalty.Host.Auth;
using Loyalty.Persistence.Storage;
using Microsoft.Extensions.Options;

namespace Loyalty.Host.Infrastructure;

/// <summary>Says at start-up which storage is in use and, in the development run, the well-known API keys.</summary>
public sealed partial class StartupBanner(ILedgerStore storage, IOptions<ApiKeyOptions> keys, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage is InMemoryLedgerStore)
        {
            LogInMemory();
        }
        else
        {
            LogPostgres();
        }
        var developmentKeys = ApiKeyOptions.Development.Keys.Where(keys.Value.ApiKeys.ContainsKey).ToList();
        if (developmentKeys.Count > 0)
        {
            LogDevelopmentKeys(string.Join(", ", developmentKeys));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = LogEvents.InMemoryStorage, Level = LogLevel.Warning,
        Message = "No ConnectionStrings:Loyalty configured: running on IN-MEMORY storage with demo data (nothing is kept after exit)")]
    private partial void LogInMemory();

    [LoggerMessage(EventId = LogEvents.PostgresStorage, Level = LogLevel.Information, Message = "Using PostgreSQL storage (migrated at start-up)")]
    private partial void LogPostgres();

    [LoggerMessage(EventId = LogEvents.DevelopmentKeys, Level = LogLevel.Warning,
        Message = "Development API keys are active (X-Api-Key header): {Keys}. Configure Loyalty:ApiKeys for real use.")]
    private partial void LogDevelopmentKeys(string keys);
}
