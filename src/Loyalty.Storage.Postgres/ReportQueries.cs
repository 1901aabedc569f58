using Loyalty.Domain.Reports;
using Loyalty.Persistence.Reports;
using Npgsql;
using NpgsqlTypes;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// The report queries in SQL over <c>grain_state</c> summary columns and the <c>ledger</c>: no grain is activated.
/// Same rules as <see cref="InMemoryReportQueries"/> (see <see cref="IReportQueries"/>); RFM segments are the domain's (<see cref="Rfm"/>).
/// </summary>
public sealed class ReportQueries(NpgsqlDataSource dataSource) : IReportQueries
{
    // Member rows of the ledger, optionally only members of one home store ($1).
    private const string MemberLedger = """
        ledger l
        LEFT JOIN grain_state m ON m.grain_type = 'member' AND l.account = 'member:' || m.grain_key
        WHERE l.account LIKE 'member:%' AND ($1::text IS NULL OR m.store_id = $1)
        """;

    public async Task<IReadOnlyList<DayCount>> MembersJoined(string? storeId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var sql = $"""
            SELECT (l.at AT TIME ZONE $4)::date AS day, count(*)
            FROM {MemberLedger} AND l.kind = 'register' AND l.at >= $2 AND l.at < $3
            GROUP BY 1 ORDER BY 1
            """;
        return await ReadAsync(sql, r => new DayCount(r.GetFieldValue<DateOnly>(0), r.GetInt64(1)), ct,
            Store(storeId), At(from), At(to), new NpgsqlParameter<string> { TypedValue = zone.Id });
    }

    public async Task<long> ActiveMembers(string? storeId, DateTimeOffset since, CancellationToken ct = default)
    {
        const string sql = """
            SELECT count(DISTINCT account) FROM ledger
            WHERE kind = 'checkout' AND account LIKE 'member:%' AND at >= $2 AND ($1::text IS NULL OR store_id = $1)
            """;
        return (await ReadAsync(sql, r => r.GetInt64(0), ct, Store(storeId), At(since)))[0];
    }

    public async Task<IReadOnlyList<TierCount>> TierDistribution(string? storeId, CancellationToken ct = default)
    {
        const string sql = """
            SELECT coalesce(tier, ''), count(*) FROM grain_state
            WHERE grain_type = 'member' AND status IS DISTINCT FROM 'cancelled' AND ($1::text IS NULL OR store_id = $1)
            GROUP BY 1 ORDER BY coalesce(tier, '') COLLATE "C"
            """;
        return await ReadAsync(sql, r => new TierCount(r.GetString(0), r.GetInt64(1)), ct, Store(storeId));
    }

    public async Task<PointsFlow> PointsFlow(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var totals = $"""
            SELECT coalesce(sum((l.data->>'pointsEarned')::bigint) FILTER (WHERE l.kind = 'checkout'), 0)::bigint,
                   coalesce(sum((l.data->>'pointsRedeemed')::bigint) FILTER (WHERE l.kind = 'checkout'), 0)::bigint,
                   coalesce(-sum(l.points_delta) FILTER (WHERE l.kind = 'expire'), 0)::bigint
            FROM {MemberLedger} AND l.at >= $2 AND l.at < $3
            """;
        var byKind = $"""
            SELECT l.kind,
                   coalesce(sum(l.points_delta) FILTER (WHERE l.points_delta > 0), 0)::bigint,
                   coalesce(sum(l.points_delta) FILTER (WHERE l.points_delta < 0), 0)::bigint
            FROM {MemberLedger} AND l.at >= $2 AND l.at < $3 AND l.kind <> 'checkout' AND l.points_delta <> 0
            GROUP BY l.kind ORDER BY l.kind COLLATE "C"
            """;
        var t = (await ReadAsync(totals, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), ct, Store(storeId), At(from), At(to)))[0];
        var kinds = await ReadAsync(byKind, r => new PointsByKind(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), ct,
            Store(storeId), At(from), At(to));
        return new PointsFlow(t.Item1, t.Item2, t.Item3, kinds);
    }

    public async Task<Liability> Liability(string? storeId, CancellationToken ct = default)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM grain_state WHERE grain_type = 'member' AND ($1::text IS NULL OR store_id = $1)),
                   (SELECT coalesce(sum(points), 0)::bigint FROM grain_state WHERE grain_type = 'member' AND ($1::text IS NULL OR store_id = $1)),
                   (SELECT coalesce(sum(pending_points), 0)::bigint FROM grain_state WHERE grain_type = 'member' AND ($1::text IS NULL OR store_id = $1)),
                   (SELECT coalesce(sum(c.stored_value), 0) FROM grain_state c
                      WHERE c.grain_type = 'card' AND ($1::text IS NULL OR EXISTS (
                        SELECT 1 FROM grain_state m WHERE m.grain_type = 'member' AND m.grain_key = c.owner AND m.store_id = $1)))
            """;
        return (await ReadAsync(sql, r => new Liability(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetDecimal(3)), ct, Store(storeId)))[0];
    }

    public async Task<IReadOnlyList<StoreSales>> SalesByStore(string? storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        const string sql = """
            SELECT store_id, count(*) FILTER (WHERE kind = 'checkout'), count(*) FILTER (WHERE kind = 'refund'), coalesce(sum(spend_delta), 0)
            FROM ledger
            WHERE kind IN ('checkout', 'refund') AND account LIKE 'member:%' AND store_id IS NOT NULL
              AND at >= $2 AND at < $3 AND ($1::text IS NULL OR store_id = $1)
            GROUP BY store_id ORDER BY store_id COLLATE "C"
            """;
        return await ReadAsync(sql, r => new StoreSales(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetDecimal(3)), ct,
            Store(storeId), At(from), At(to));
    }

    public async Task<IReadOnlyList<RfmFacts>> RfmFacts(string? storeId, DateTimeOffset asOf, CancellationToken ct = default)
    {
        // Members with the same figures come as one row with their count: the segment rules (Rfm.Classify) only need
        // how many members share each value, and this keeps the answer small for a large membership.
        const string sql = """
            WITH per_member AS (
                SELECT floor(extract(epoch FROM ($2 - max(at) FILTER (WHERE kind = 'checkout'))) / 86400)::int AS recency,
                       count(*) FILTER (WHERE kind = 'checkout' AND at > $3) AS frequency,
                       coalesce(sum(spend_delta) FILTER (WHERE at > $3), 0) AS monetary
                FROM ledger
                WHERE kind IN ('checkout', 'refund') AND account LIKE 'member:%' AND at <= $2
                  AND ($1::text IS NULL OR store_id = $1)
                GROUP BY account
                HAVING count(*) FILTER (WHERE kind = 'checkout') > 0
            )
            SELECT recency, frequency, monetary, count(*) FROM per_member GROUP BY recency, frequency, monetary
            """;
        return await ReadAsync(sql, r => new RfmFacts(r.GetInt32(0), r.GetInt64(1), r.GetDecimal(2), r.GetInt64(3)),
            ct, Store(storeId), At(asOf), At(asOf.AddMonths(-12)));
    }

    public async Task<IReadOnlyList<Domain.Outreach.MemberRfmFacts>> RfmFactsByMember(DateTimeOffset asOf, CancellationToken ct = default)
    {
        const string sql = """
            SELECT substr(account, 8),
                   floor(extract(epoch FROM ($1 - max(at) FILTER (WHERE kind = 'checkout'))) / 86400)::int,
                   count(*) FILTER (WHERE kind = 'checkout' AND at > $2),
                   coalesce(sum(spend_delta) FILTER (WHERE at > $2), 0)
            FROM ledger
            WHERE kind IN ('checkout', 'refund') AND account LIKE 'member:%' AND at <= $1
            GROUP BY account
            HAVING count(*) FILTER (WHERE kind = 'checkout') > 0
            """;
        return await ReadAsync(sql, r => new Domain.Outreach.MemberRfmFacts(r.GetString(0), new RfmFacts(r.GetInt32(1), r.GetInt64(2), r.GetDecimal(3))),
            ct, At(asOf), At(asOf.AddMonths(-12)));
    }

    public async Task<IReadOnlyList<string>> MemberIdsAfter(string? after, int limit, CancellationToken ct = default)
    {
        // COLLATE "C": the same ordinal order as the in-memory store, whatever the database's collation.
        const string sql = """
            SELECT grain_key FROM grain_state
            WHERE grain_type = 'member' AND ($1::text IS NULL OR grain_key COLLATE "C" > $1 COLLATE "C")
            ORDER BY grain_key COLLATE "C" LIMIT $2
            """;
        return await ReadAsync(sql, r => r.GetString(0), ct, Store(after), new NpgsqlParameter<int> { TypedValue = limit });
    }

    private static NpgsqlParameter Store(string? storeId) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)storeId ?? DBNull.Value };

    private static NpgsqlParameter<DateTimeOffset> At(DateTimeOffset at) => new() { TypedValue = at.ToUniversalTime() };

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddRange(parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }
        return rows;
    }
}
