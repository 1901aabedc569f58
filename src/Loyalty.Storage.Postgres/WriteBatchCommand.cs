using Loyalty.Persistence.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Loyalty.Storage.Postgres;

/// <summary>
/// The group-commit statement: a whole batch of grain writes as ONE SQL statement over parameter arrays,
/// so it costs one round trip and is atomic without an explicit transaction. Data-modifying CTEs update
/// the grain rows whose version matches (or insert new grains at version 1), and only for the grains that
/// succeeded insert the ledger rows and documents and set or remove the due jobs. The statement returns the
/// ordinals of the writes that committed; every other write lost a version race.
/// </summary>
internal static class WriteBatchCommand
{
    // All CTEs see the same snapshot, so the only way to pass "which grains succeeded" is RETURNING (the ok CTE).
    // Under READ COMMITTED the UPDATE re-checks the version on a row a concurrent writer just changed, so two
    // silos racing for one grain cannot both win.
    public const string Sql = """
        WITH w AS (
            SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::numeric[], $13::numeric[])
                AS w(i, grain_type, grain_key, expected, state, status, tier, store_id, owner,
                     points, pending_points, stored_value, spend)
        ),
        updated AS (
            UPDATE grain_state g
            SET version = g.version + 1, state = w.state::json, status = w.status, tier = w.tier,
                store_id = w.store_id, owner = w.owner, points = w.points, pending_points = w.pending_points,
                stored_value = w.stored_value, spend = w.spend, updated_at = now()
            FROM w
            WHERE w.expected > 0 AND g.grain_type = w.grain_type AND g.grain_key = w.grain_key AND g.version = w.expected
            RETURNING w.i
        ),
        inserted AS (
            INSERT INTO grain_state (grain_type, grain_key, version, state, status, tier, store_id, owner,
                                     points, pending_points, stored_value, spend)
            SELECT grain_type, grain_key, 1, state::json, status, tier, store_id, owner,
                   points, pending_points, stored_value, spend
            FROM w WHERE w.expected = 0
            ON CONFLICT (grain_type, grain_key) DO NOTHING
            RETURNING grain_type, grain_key
        ),
        ok AS (
            SELECT i FROM updated
            UNION ALL
            SELECT w.i FROM inserted JOIN w USING (grain_type, grain_key) WHERE w.expected = 0
        ),
        ledger_rows AS (
            INSERT INTO ledger (account, operation_id, kind, at, store_id, points_delta, pending_delta, spend_delta,
                                stored_value_delta, bonus_delta, points_after, stored_value_after, data)
            SELECT l.account, l.operation_id, l.kind, l.at, l.store_id, l.points_delta, l.pending_delta, l.spend_delta,
                   l.stored_value_delta, l.bonus_delta, l.points_after, l.stored_value_after, l.data::json
            FROM unnest($14::int[], $15::text[], $16::text[], $17::text[], $18::timestamptz[], $19::text[],
                        $20::bigint[], $21::bigint[], $22::numeric[], $23::numeric[], $24::numeric[],
                        $25::bigint[], $26::numeric[], $27::text[])
                WITH ORDINALITY AS l(i, account, operation_id, kind, at, store_id, points_delta, pending_delta,
                                     spend_delta, stored_value_delta, bonus_delta, points_after, stored_value_after,
                                     data, n)
            WHERE l.i IN (SELECT i FROM ok)
            ORDER BY l.n
        ),
        document_rows AS (
            INSERT INTO documents (collection, doc_id, owner, body)
            SELECT d.collection, d.doc_id, d.owner, d.body::json
            FROM unnest($28::int[], $29::text[], $30::text[], $31::text[], $32::text[]) AS d(i, collection, doc_id, owner, body)
            WHERE d.i IN (SELECT i FROM ok)
        ),
        due_set AS (
            INSERT INTO due_jobs (grain_type, grain_key, job, due_at)
            SELECT w.grain_type, w.grain_key, j.job, j.due_at
            FROM unnest($33::int[], $34::text[], $35::timestamptz[]) AS j(i, job, due_at) JOIN w USING (i)
            WHERE j.i IN (SELECT i FROM ok)
            ON CONFLICT (grain_type, grain_key, job) DO UPDATE SET due_at = excluded.due_at
        ),
        due_removed AS (
            DELETE FROM due_jobs d
            USING unnest($36::int[], $37::text[]) AS r(i, job) JOIN w USING (i)
            WHERE r.i IN (SELECT i FROM ok)
              AND d.grain_type = w.grain_type AND d.grain_key = w.grain_key AND d.job = r.job
        )
        SELECT i FROM ok
        """;

    /// <summary>Fills <paramref name="cmd"/> with the arrays for <paramref name="writes"/>; write ordinals are list indexes.
    /// Grain ids must be distinct within the list (the caller guarantees it).</summary>
    public static void AddParameters(NpgsqlCommand cmd, IReadOnlyList<StateWrite> writes)
    {
        var n = writes.Count;
        var ordinal = new int[n];
        var type = new string[n];
        var key = new string[n];
        var expected = new long[n];
        var state = new string[n];
        var status = new string?[n];
        var tier = new string?[n];
        var store = new string?[n];
        var owner = new string?[n];
        var points = new long[n];
        var pending = new long[n];
        var storedValue = new decimal[n];
        var spend = new decimal[n];

        var ledger = new LedgerArrays();
        var docs = new List<(int I, DocumentRow Doc)>();
        var dueSet = new List<(int I, string Job, DateTime DueAt)>();
        var dueRemoved = new List<(int I, string Job)>();

        for (var i = 0; i < n; i++)
        {
            var w = writes[i];
            var s = w.Summary;
            ordinal[i] = i;
            type[i] = w.Id.Type;
            key[i] = w.Id.Key;
            expected[i] = w.ExpectedVersion;
            state[i] = w.StateJson;
            status[i] = s.Status;
            tier[i] = s.Tier;
            store[i] = s.StoreId;
            owner[i] = s.Owner;
            points[i] = s.Points;
            pending[i] = s.PendingPoints;
            storedValue[i] = s.StoredValue;
            spend[i] = s.Spend;

            foreach (var row in w.Ledger)
            {
                ledger.Add(i, row);
            }
            foreach (var doc in w.Documents)
            {
                docs.Add((i, doc));
            }
            // One (grain, job) may appear only once in an ON CONFLICT DO UPDATE, and a set and a remove of the
            // same job in one statement would race: the last instruction for a job wins, as in sequential code.
            var lastByJob = new Dictionary<string, DateTimeOffset?>();
            foreach (var job in w.DueJobs)
            {
                lastByJob[job.Job] = job.DueAt;
            }
            foreach (var (job, due) in lastByJob)
            {
                if (due is { } at)
                {
                    dueSet.Add((i, job, at.UtcDateTime));
                }
                else
                {
                    dueRemoved.Add((i, job));
                }
            }
        }

        var p = cmd.Parameters;
        Add(p, NpgsqlDbType.Integer, ordinal);
        Add(p, NpgsqlDbType.Text, type);
        Add(p, NpgsqlDbType.Text, key);
        Add(p, NpgsqlDbType.Bigint, expected);
        Add(p, NpgsqlDbType.Text, state);
        Add(p, NpgsqlDbType.Text, status);
        Add(p, NpgsqlDbType.Text, tier);
        Add(p, NpgsqlDbType.Text, store);
        Add(p, NpgsqlDbType.Text, owner);
        Add(p, NpgsqlDbType.Bigint, points);
        Add(p, NpgsqlDbType.Bigint, pending);
        Add(p, NpgsqlDbType.Numeric, storedValue);
        Add(p, NpgsqlDbType.Numeric, spend);
        ledger.AddTo(p);
        Add(p, NpgsqlDbType.Integer, docs.Select(d => d.I).ToArray());
        Add(p, NpgsqlDbType.Text, docs.Select(d => d.Doc.Collection).ToArray());
        Add(p, NpgsqlDbType.Text, docs.Select(d => d.Doc.Id).ToArray());
        Add(p, NpgsqlDbType.Text, docs.Select(d => d.Doc.Owner).ToArray());
        Add(p, NpgsqlDbType.Text, docs.Select(d => d.Doc.BodyJson).ToArray());
        Add(p, NpgsqlDbType.Integer, dueSet.Select(d => d.I).ToArray());
        Add(p, NpgsqlDbType.Text, dueSet.Select(d => d.Job).ToArray());
        Add(p, NpgsqlDbType.TimestampTz, dueSet.Select(d => d.DueAt).ToArray());
        Add(p, NpgsqlDbType.Integer, dueRemoved.Select(d => d.I).ToArray());
        Add(p, NpgsqlDbType.Text, dueRemoved.Select(d => d.Job).ToArray());
    }

    private static void Add<T>(NpgsqlParameterCollection p, NpgsqlDbType elementType, T[] values) =>
        p.Add(new NpgsqlParameter<T[]> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values });

    /// <summary>Column arrays for the ledger rows of a batch (one entry per row, tagged with its write's ordinal).</summary>
    private sealed class LedgerArrays
    {
        private readonly List<int> _i = new();
        private readonly List<LedgerRow> _rows = new();

        public void Add(int ordinal, LedgerRow row)
        {
            _i.Add(ordinal);
            _rows.Add(row);
        }

        public void AddTo(NpgsqlParameterCollection p)
        {
            WriteBatchCommand.Add(p, NpgsqlDbType.Integer, _i.ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Text, _rows.Select(r => r.Account).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Text, _rows.Select(r => r.OperationId).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Text, _rows.Select(r => r.Kind).ToArray());
            // Npgsql writes timestamptz only from UTC values; the instant is what is kept.
            WriteBatchCommand.Add(p, NpgsqlDbType.TimestampTz, _rows.Select(r => r.At.UtcDateTime).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Text, _rows.Select(r => r.StoreId).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Bigint, _rows.Select(r => r.PointsDelta).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Bigint, _rows.Select(r => r.PendingDelta).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Numeric, _rows.Select(r => r.SpendDelta).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Numeric, _rows.Select(r => r.StoredValueDelta).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Numeric, _rows.Select(r => r.BonusDelta).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Bigint, _rows.Select(r => r.PointsAfter).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Numeric, _rows.Select(r => r.StoredValueAfter).ToArray());
            WriteBatchCommand.Add(p, NpgsqlDbType.Text, _rows.Select(r => r.DataJson).ToArray());
        }
    }
}
