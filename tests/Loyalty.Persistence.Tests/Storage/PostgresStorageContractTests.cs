using Loyalty.Persistence.Storage;
using Loyalty.Storage.Postgres;
using Loyalty.Tests.Support;
using Npgsql;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>The storage contract against PostgreSQL (one throw-away schema for the class).</summary>
public sealed class PostgresStorageContractTests(PostgresFixture db) : StorageContractTests, IClassFixture<PostgresFixture>
{
    protected override ILedgerStore Storage { get; } = new PostgresLedgerStore(db.DataSource);

    /// <summary>Reads the report columns with plain SQL: reports must not need the storage class or grains.</summary>
    protected override async Task<GrainSummary?> ReadSummaryAsync(StateId id)
    {
        await using var cmd = db.DataSource.CreateCommand("""
            SELECT status, tier, store_id, points, pending_points, stored_value, spend, owner
            FROM grain_state WHERE grain_type = $1 AND grain_key = $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id.Type });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id.Key });
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new GrainSummary(Text(0), Text(1), Text(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetDecimal(5), reader.GetDecimal(6), Text(7));
    }
}
