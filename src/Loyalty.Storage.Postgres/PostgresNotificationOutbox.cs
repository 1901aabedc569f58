using Loyalty.Persistence.Storage;
using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// <see cref="INotificationOutbox"/> on PostgreSQL (migration 0002). Entries are paged over (tx, seq) below the
/// oldest running transaction, so no entry committed late is ever skipped; the cursor handed out is the seq.
/// A long-open transaction anywhere on the server holds readers back until it ends (correctness over latency).
/// </summary>
public sealed class PostgresNotificationOutbox(NpgsqlDataSource dataSource, string collection) : INotificationOutbox
{
    private const string WebhookCursor = "webhooks";

    // Rows after the cursor row in (tx, seq) order that every future reader sees too. A cursor that names no row
    // (0) starts at the beginning. {0} is the select list, {1} an optional join.
    private const string AfterCursorSql = """
        WITH cur AS (
            SELECT coalesce((SELECT tx FROM documents WHERE seq = $2), '0'::xid8) AS tx,
                   coalesce((SELECT seq FROM documents WHERE seq = $2), 0) AS seq
        )
        SELECT {0}
        FROM documents d CROSS JOIN cur {1}
        WHERE d.collection = $1
          AND d.tx < pg_snapshot_xmin(pg_current_snapshot())
          AND (d.tx, d.seq) > (cur.tx, cur.seq)
        ORDER BY d.tx, d.seq
        LIMIT $3
        """;

    public async Task<IReadOnlyList<OutboxEntry>> ReadAsync(long after, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(string.Format(AfterCursorSql,
            "d.seq, d.doc_id, d.owner, d.body::text, a.acked_at", "LEFT JOIN outbox_ack a ON a.event_id = d.doc_id"), connection);
        AddCursorParameters(cmd, after, limit);
        var entries = new List<OutboxEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return entries;
    }

    public async Task<DateTimeOffset?> AcknowledgeAsync(string eventId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH doc AS (SELECT doc_id FROM documents WHERE collection = $1 AND doc_id = $2),
            ins AS (
                INSERT INTO outbox_ack (event_id, acked_at) SELECT doc_id, $3 FROM doc
                ON CONFLICT (event_id) DO NOTHING
                RETURNING acked_at
            )
            SELECT acked_at FROM ins
            UNION ALL
            SELECT a.acked_at FROM outbox_ack a JOIN doc ON a.event_id = doc.doc_id
            LIMIT 1
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = at.UtcDateTime });
        var result = await cmd.ExecuteScalarAsync(ct);
        return result is DateTime t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }

    public async Task<int> EnqueueDeliveriesAsync(IReadOnlyList<string> webhooks, DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The cursor row lock makes two dispatchers (two silos) fan out one after the other, never the same rows twice.
        await using (var init = new NpgsqlCommand(
            "INSERT INTO outbox_cursor (name, last_seq) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING", connection, tx))
        {
            init.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WebhookCursor });
            await init.ExecuteNonQueryAsync(ct);
        }
        long cursor;
        await using (var read = new NpgsqlCommand("SELECT last_seq FROM outbox_cursor WHERE name = $1 FOR UPDATE", connection, tx))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WebhookCursor });
            cursor = (long)(await read.ExecuteScalarAsync(ct))!;
        }
        var events = new List<(long Seq, string EventId)>();
        await using (var next = new NpgsqlCommand(string.Format(AfterCursorSql, "d.seq, d.doc_id", ""), connection, tx))
        {
            AddCursorParameters(next, cursor, limit);
            await using var reader = await next.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }
        if (events.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO outbox_delivery (event_id, webhook, status, attempts, next_attempt_at)
            SELECT e, w, 'pending', 0, $3 FROM unnest($1::text[]) AS e CROSS JOIN unnest($2::text[]) AS w
            ON CONFLICT (event_id, webhook) DO NOTHING
            """, connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.EventId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = webhooks.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using (var advance = new NpgsqlCommand("UPDATE outbox_cursor SET last_seq = $2 WHERE name = $1", connection, tx))
        {
            advance.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WebhookCursor });
            advance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = events[^1].Seq });
            await advance.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return events.Count;
    }

    public async Task<IReadOnlyList<OutboxDelivery>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // SKIP LOCKED: concurrent dispatchers take disjoint rows; the lease (next_attempt_at in the future) keeps
        // a claimed row from being claimed again until this attempt records its outcome or the lease runs out.
        await using var cmd = new NpgsqlCommand("""
            WITH c AS (
                SELECT event_id, webhook FROM outbox_delivery
                WHERE status = 'pending' AND next_attempt_at <= $1
                ORDER BY next_attempt_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED
            )
            UPDATE outbox_delivery d SET next_attempt_at = $2
            FROM c, documents doc
            WHERE d.event_id = c.event_id AND d.webhook = c.webhook AND doc.collection = $4 AND doc.doc_id = d.event_id
            RETURNING d.event_id, d.webhook, doc.body::text, d.attempts
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = leaseUntil.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit) });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        var claimed = new List<OutboxDelivery>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new OutboxDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }
        return claimed;
    }

    public async Task RecordAttemptAsync(DeliveryAttempt attempt, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            UPDATE outbox_delivery
            SET status = $3, attempts = $4, next_attempt_at = $5, last_error = coalesce($6, last_error),
                delivered_at = CASE WHEN $3 = 'delivered' THEN $7 ELSE delivered_at END
            WHERE event_id = $1 AND webhook = $2
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attempt.EventId });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attempt.Webhook });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attempt.Status });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempt.Attempts });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)attempt.NextAttemptAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)attempt.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = attempt.At.UtcDateTime });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string eventId, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT webhook, status, attempts, next_attempt_at, last_error, delivered_at
            FROM outbox_delivery WHERE event_id = $1 ORDER BY webhook COLLATE "C"
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
        var records = new List<DeliveryRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            records.Add(new DeliveryRecord(eventId, reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return records;
    }

    private void AddCursorParameters(NpgsqlCommand cmd, long after, int limit)
    {
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit) });
    }
}
