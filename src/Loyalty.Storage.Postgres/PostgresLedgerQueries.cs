using Loyalty.Persistence.Storage;
using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// <see cref="ILedgerQueries"/> in SQL over the <c>ledger</c> table joined to the members' summary columns; no grain is
/// activated. The period is scanned by time: fine for a quarterly report, and an index on <c>ledger (at)</c> is the
/// next step if the ledger grows past what a scan allows.
/// </summary>
public sealed class PostgresLedgerQueries(NpgsqlDataSource dataSource) : ILedgerQueries
{
    public async Task<IReadOnlyList<EarnerRow>> TopEarnersAsync(DateTimeOffset from, DateTimeOffset to, string? storeId, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH earned AS (
                SELECT substr(l.account, 8) AS member_id,
                       sum(CASE l.kind
                               WHEN 'checkout' THEN coalesce((l.data->>'pointsEarned')::bigint, 0)
                               WHEN 'refund' THEN -coalesce((l.data->>'pointsReversed')::bigint, 0)
                               ELSE coalesce((l.data->>'earned')::bigint, 0)
                           END) AS points
                FROM ledger l
                WHERE l.account LIKE 'member:%'
                  AND l.kind = ANY($1)
                  AND l.at >= $2 AND l.at < $3
                GROUP BY 1
            )
            SELECT e.member_id, g.tier, e.points
            FROM earned e
            JOIN grain_state g ON g.grain_type = 'member' AND g.grain_key = e.member_id
            WHERE e.points > 0
              AND g.status IS DISTINCT FROM 'cancelled'
              AND ($4::text IS NULL OR g.store_id = $4)
            ORDER BY e.points DESC, e.member_id
            LIMIT $5
            """, connection);
        string[] kinds = [EarningLedgerKinds.Checkout, EarningLedgerKinds.Refund, .. EarningLedgerKinds.Other];
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = kinds });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)storeId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<EarnerRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EarnerRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
        }
        return rows;
    }
}
