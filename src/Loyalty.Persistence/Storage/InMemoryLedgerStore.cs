namespace Loyalty.Persistence.Storage;

/// <summary>
/// The storage used by the default (demo) run and fast tests. Same contract as PostgreSQL: versions are
/// checked, each write is atomic on its own, ledger (account, operation) and document ids are unique.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<StateId, (StoredState Grain, GrainSummary Summary)> _grains = new();
    private readonly List<LedgerEntry> _ledger = new();
    private readonly Dictionary<string, List<LedgerEntry>> _ledgerByAccount = new();
    private readonly HashSet<(string Account, string Operation)> _operations = new();
    private readonly Dictionary<(string Collection, string Id), DocumentRow> _documents = new();
    private readonly Dictionary<(StateId Grain, string Job), DateTimeOffset> _due = new();
    private readonly List<(long Sequence, DocumentRow Document)> _documentLog = new();
    private long _sequence;
    private long _documentSequence;

    public Task<StoredState?> ReadAsync(StateId id, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_grains.TryGetValue(id, out var g) ? g.Grain : null);
        }
    }

    public Task<IReadOnlyList<StoredState?>> ReadManyAsync(IReadOnlyList<StateId> ids, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredState?>>(
                ids.Select(id => _grains.TryGetValue(id, out var g) ? g.Grain : null).ToArray());
        }
    }

    public Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<StateId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredWithOwner>>(ids.Select((id, i) =>
            {
                if (!_grains.TryGetValue(id, out var g))
                {
                    return new StoredWithOwner(null);
                }
                var owner = ownerTypes[i] is { } type && g.Summary.Owner is { } key && _grains.TryGetValue(new StateId(type, key), out var o)
                    ? o.Grain
                    : null;
                return new StoredWithOwner(g.Grain, g.Summary.Owner, owner);
            }).ToArray());
        }
    }

    public Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default)
    {
        var results = new WriteResult[writes.Count];
        lock (_lock)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                results[i] = Apply(writes[i]);
            }
        }
        return Task.FromResult<IReadOnlyList<WriteResult>>(results);
    }

    private WriteResult Apply(StateWrite w)
    {
        var current = _grains.TryGetValue(w.Id, out var g) ? g.Grain.Version : 0;
        if (current != w.ExpectedVersion)
        {
            return new WriteResult(WriteOutcome.VersionConflict, $"{w.Id} is at version {current}, expected {w.ExpectedVersion}");
        }
        foreach (var row in w.Ledger)
        {
            if (_operations.Contains((row.Account, row.OperationId)))
            {
                return new WriteResult(WriteOutcome.DuplicateOperation, $"ledger {row.Account}/{row.OperationId}");
            }
        }
        foreach (var doc in w.Documents)
        {
            if (_documents.ContainsKey((doc.Collection, doc.Id)))
            {
                return new WriteResult(WriteOutcome.DuplicateOperation, $"document {doc.Collection}/{doc.Id}");
            }
        }
        if (w.Ledger.Select(r => (r.Account, r.OperationId)).Distinct().Count() != w.Ledger.Count)
        {
            return new WriteResult(WriteOutcome.DuplicateOperation, "ledger rows repeat an (account, operation) within one write");
        }

        _grains[w.Id] = (new StoredState(w.ExpectedVersion + 1, w.StateJson), w.Summary);
        foreach (var row in w.Ledger)
        {
            var entry = new LedgerEntry(++_sequence, row);
            _operations.Add((row.Account, row.OperationId));
            _ledger.Add(entry);
            if (!_ledgerByAccount.TryGetValue(row.Account, out var list))
            {
                _ledgerByAccount[row.Account] = list = new List<LedgerEntry>();
            }
            list.Add(entry);
        }
        foreach (var doc in w.Documents)
        {
            _documents[(doc.Collection, doc.Id)] = doc;
            _documentLog.Add((++_documentSequence, doc));
        }
        foreach (var job in w.DueJobs)
        {
            if (job.DueAt is { } due)
            {
                _due[(w.Id, job.Job)] = due;
            }
            else
            {
                _due.Remove((w.Id, job.Job));
            }
        }
        return WriteResult.Committed;
    }

    public Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_documents.TryGetValue((collection, id), out var d) ? d : null);
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<LedgerEntry> rows = _ledgerByAccount.TryGetValue(account, out var list)
                ? list.Where(e => beforeSequence is null || e.Sequence < beforeSequence)
                    .OrderByDescending(e => e.Sequence).Take(limit).ToList()
                : [];
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<StateId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StateId> due = _due.Where(kv => kv.Key.Job == job && kv.Value <= until)
                .OrderBy(kv => kv.Value).ThenBy(kv => kv.Key.Grain.Key, StringComparer.Ordinal)
                .Take(limit).Select(kv => kv.Key.Grain).ToList();
            return Task.FromResult(due);
        }
    }

    public Task<bool> PingAsync(CancellationToken ct = default) => Task.FromResult(true);

    /// <summary>Documents of a collection after a position, in commit order (the outbox reads these).</summary>
    public IReadOnlyList<(long Sequence, DocumentRow Document)> DocumentsAfter(string collection, long after, int limit)
    {
        lock (_lock)
        {
            // Positions only grow, so the start is found by binary search; the scan then stops at the limit.
            var start = _documentLog.BinarySearch((after, null!), Comparer<(long Sequence, DocumentRow Document)>.Create(
                (a, b) => a.Sequence.CompareTo(b.Sequence)));
            start = start >= 0 ? start + 1 : ~start;
            var found = new List<(long, DocumentRow)>();
            for (var i = start; i < _documentLog.Count && found.Count < limit; i++)
            {
                if (_documentLog[i].Document.Collection == collection)
                {
                    found.Add(_documentLog[i]);
                }
            }
            return found;
        }
    }

    /// <summary>Snapshot of all summaries, for in-memory reports and reconciliation in tests.</summary>
    public IReadOnlyList<(StateId Id, GrainSummary Summary)> Summaries()
    {
        lock (_lock)
        {
            return _grains.Select(kv => (kv.Key, kv.Value.Summary)).ToList();
        }
    }

    /// <summary>Snapshot of the whole ledger in commit order.</summary>
    public IReadOnlyList<LedgerEntry> Ledger()
    {
        lock (_lock)
        {
            return _ledger.ToList();
        }
    }
}
