using Loyalty.Host.Auth;
using Loyalty.Storage.Postgres;

namespace Loyalty.Host.Infrastructure;

/// <summary>
/// What must hold before the host may start, said in one sentence instead of a stack trace: outside Development real
/// API keys and the chain's stores are configured (the well-known development keys never work there), every key
/// names a known role and store, and the PostgreSQL database exists (created when missing).
/// </summary>
public static class StartupChecks
{
    /// <summary>Why the host must not start with this configuration, or null.</summary>
    public static string? Refusal(IConfiguration configuration, IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        var keys = configuration.GetSection("Loyalty:ApiKeys").Get<Dictionary<string, ApiKeyEntry>>() ?? [];
        var stores = configuration.GetSection("Loyalty:Stores").Get<List<string>>() ?? [];
        if (keys.Count == 0 && !development)
        {
            return $"No API keys are configured and the environment is {environment.EnvironmentName}: the development keys " +
                "(dev-admin, …) only work in Development. Configure Loyalty:ApiKeys, e.g. Loyalty__ApiKeys__<key>__Role=admin, " +
                "Loyalty__ApiKeys__<key>__Role=clerk with Loyalty__ApiKeys__<key>__Store=S001.";
        }
        if (stores.Count == 0 && !development)
        {
            return $"No stores are configured and the environment is {environment.EnvironmentName}. List the chain's store ids " +
                "under Loyalty:Stores, e.g. Loyalty__Stores__0=S001, Loyalty__Stores__1=S002.";
        }
        var known = stores.Count > 0 ? stores : [.. StoreOptions.Development];
        if (known.FirstOrDefault(s => !Apis.MemberApi.IsPlausibleId(s) || s.Length > 32) is { } badStore)
        {
            return $"Loyalty:Stores has '{badStore}', which is not a store id (up to 32 letters, digits, '-', '_', '.' or ':').";
        }
        foreach (var (key, entry) in keys)
        {
            var where = $"Loyalty:ApiKeys entry {ApiKeyAuthenticationHandler.Fingerprint(key)}";
            if (entry.Role is not (Roles.Clerk or Roles.Manager or Roles.Admin))
            {
                return $"{where} has role '{entry.Role}'; roles are clerk, manager and admin.";
            }
            if (entry.Role != Roles.Admin && !known.Contains(entry.Store ?? ""))
            {
                return $"{where} is a {entry.Role} of store '{entry.Store}', which is not in Loyalty:Stores.";
            }
        }
        return null;
    }

    /// <summary>Creates the PostgreSQL database when missing; the failure as one sentence, or null when storage is usable.</summary>
    public static async Task<string?> PrepareDatabaseAsync(WebApplication app)
    {
        var connectionString = app.Configuration.GetConnectionString("Loyalty");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }
        try
        {
            if (await PostgresDatabase.EnsureExistsAsync(connectionString))
            {
                LogDatabaseCreated(app.Logger, new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database ?? "", null);
            }
            return null;
        }
        catch (PostgresUnavailableException e)
        {
            return e.Message;
        }
    }

    private static readonly Action<ILogger, string, Exception?> LogDatabaseCreated = LoggerMessage.Define<string>(
        LogLevel.Warning, LogEvents.DatabaseCreated, "Database {Database} did not exist and was created (it has no demo data)");
}
