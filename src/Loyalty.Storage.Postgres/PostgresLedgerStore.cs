using Loyalty.Persistence.Storage;
using Npgsql;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// <see cref="ILedgerStore"/> on PostgreSQL through one <see cref="NpgsqlDataSource"/> (one pool per process).
/// A batch commits as one statement in one round trip; only when that statement hits a unique violation (an
/// operation applied before) are the writes retried one by one, so only the offending write fails.
/// The schema must be in place: run <see cref="PostgresMigrator"/> at start-up.
/// </summary>
public sealed class PostgresLedgerStore(NpgsqlDataSource dataSource) : ILedgerStore
{
    public async Task<StoredState?> ReadAsync(StateId id, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT version, state::text FROM grain_state WHERE grain_type = $1 AND grain_key = $2", connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Type });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Key });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new StoredState(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<IReadOnlyList<StoredState?>> ReadManyAsync(IReadOnlyList<StateId> ids, CancellationToken ct = default) =>
        (await ReadManyWithOwnersAsync(ids, new string?[ids.Count], ct)).Select(r => r.Grain).ToArray();

    public async Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<StateId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default)
    {
        var results = new StoredWithOwner[ids.Count];
        Array.Fill(results, new StoredWithOwner(null));
        if (ids.Count == 0)
        {
            return results;
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Joined per ordinal, not per id, so an id given twice is answered at both places. Even with the generic
        // plan of the prepared statement (unnest estimated at 10 rows) these are nested loops over the primary key.
        // A null owner type matches no row, so grains without one cost nothing more.
        await using var cmd = new NpgsqlCommand("""
            SELECT i.ord, g.version, g.state::text, g.owner, o.version, o.state::text
            FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(grain_type, grain_key, owner_type, ord)
            JOIN grain_state g ON g.grain_type = i.grain_type AND g.grain_key = i.grain_key
            LEFT JOIN grain_state o ON o.grain_type = i.owner_type AND o.grain_key = g.owner
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids.Select(id => id.Type).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids.Select(id => id.Key).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = ownerTypes.ToArray() });
        // Prepared once per physical connection: every cold grain's activation runs it.
        await cmd.PrepareAsync(ct);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var owner = reader.IsDBNull(4) ? null : new StoredState(reader.GetInt64(4), reader.GetString(5));
            results[reader.GetInt64(0) - 1] = new StoredWithOwner(new StoredState(reader.GetInt64(1), reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3), owner);
        }
        return results;
    }

    public async Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
    {
        if (writes.Count == 0)
        {
            return [];
        }
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        // Two writes for one grain must apply in order (the second expects the first's version), which one
        // statement cannot express; the group committer never sends that, so the slow path is fine for it.
        if (writes.Select(w => w.Id).Distinct().Count() != writes.Count)
        {
            return await WriteOneByOneAsync(connection, writes, ct);
        }
        try
        {
            var committed = await ExecuteAsync(connection, writes, ct);
            return writes.Select((w, i) => committed.Contains(i) ? WriteResult.Committed : Conflict(w)).ToList();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation
                                              or PostgresErrorCodes.DeadlockDetected
                                              or PostgresErrorCodes.SerializationFailure)
        {
            // The statement rolled back as a whole. Find the offending write(s) by committing each on its own;
            // a deadlock between two silos' batches is resolved the same way (smaller transactions).
            return await WriteOneByOneAsync(connection, writes, ct);
        }
    }

    private static async Task<IReadOnlyList<WriteResult>> WriteOneByOneAsync(
        NpgsqlConnection connection, IReadOnlyList<StateWrite> writes, CancellationToken ct)
    {
        var results = new WriteResult[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                // The same statement with one write: still atomic on its own (state, ledger, documents, due jobs).
                var committed = await ExecuteAsync(connection, [writes[i]], ct);
                results[i] = committed.Count == 1 ? WriteResult.Committed : Conflict(writes[i]);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                results[i] = new WriteResult(WriteOutcome.DuplicateOperation, $"{e.TableName}: {e.Detail ?? e.ConstraintName}");
            }
        }
        return results;
    }

    private static async Task<HashSet<int>> ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<StateWrite> writes, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(WriteBatchCommand.Sql, connection);
        WriteBatchCommand.AddParameters(cmd, writes);
        // Prepared once per physical connection, then reused: the statement is large and runs constantly.
        await cmd.PrepareAsync(ct);
        var committed = new HashSet<int>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            committed.Add(reader.GetInt32(0));
        }
        return committed;
    }

    private static WriteResult Conflict(StateWrite w) =>
        new(WriteOutcome.VersionConflict, $"{w.Id} is not at version {w.ExpectedVersion}");

    public async Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT owner, body::text FROM documents WHERE collection = $1 AND doc_id = $2", connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new DocumentRow(collection, id, reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // A plain "seq < bound" (no "IS NULL OR") keeps the (account, seq desc) index usable.
        await using var cmd = new NpgsqlCommand("""
            SELECT seq, operation_id, kind, at, store_id, points_delta, pending_delta, spend_delta,
                   stored_value_delta, bonus_delta, points_after, stored_value_after, data::text
            FROM ledger
            WHERE account = $1 AND seq < $2
            ORDER BY seq DESC
            LIMIT $3
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = beforeSequence ?? long.MaxValue });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit) });
        var rows = new List<LedgerEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LedgerEntry(reader.GetInt64(0), new LedgerRow(
                account,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetDecimal(7),
                reader.GetDecimal(8),
                reader.GetDecimal(9),
                reader.GetInt64(10),
                reader.GetDecimal(11),
                reader.IsDBNull(12) ? null : reader.GetString(12))));
        }
        return rows;
    }

    public async Task<IReadOnlyList<StateId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Ties broken by key in byte order ("C"), the same order as the in-memory store.
        await using var cmd = new NpgsqlCommand("""
            SELECT grain_type, grain_key
            FROM due_jobs
            WHERE job = $1 AND due_at <= $2
            ORDER BY due_at, grain_key COLLATE "C", grain_type COLLATE "C"
            LIMIT $3
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = job });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = until.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(0, limit) });
        var due = new List<StateId>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add(new StateId(reader.GetString(0), reader.GetString(1)));
        }
        return due;
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT 1", connection);
            return await cmd.ExecuteScalarAsync(ct) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
