using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>Start-up helper for hosts and tests: migrate the schema, then hand out the storage.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>Applies pending migrations and returns a storage over the same data source.</summary>
    public static async Task<PostgresLedgerStore> CreateGrainStorageAsync(this NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await new PostgresMigrator(dataSource).MigrateAsync(ct);
        return new PostgresLedgerStore(dataSource);
    }
}
