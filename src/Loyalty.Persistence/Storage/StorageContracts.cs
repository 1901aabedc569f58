namespace Loyalty.Persistence.Storage;

/// <summary>Identity of a grain: its type name and key. Unique across types (the storage primary key).</summary>
public readonly record struct StateId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}

/// <summary>Columns kept beside a grain's state so reports never have to activate grains.</summary>
public sealed record GrainSummary(
    string? Status = null,
    string? Tier = null,
    string? StoreId = null,
    long Points = 0,
    long PendingPoints = 0,
    decimal StoredValue = 0,
    decimal Spend = 0,
    string? Owner = null);

/// <summary>A grain's persisted state as read: the version a write must expect and the JSON state.</summary>
public sealed record StoredState(long Version, string StateJson);

/// <summary>A grain read together with the grain its summary names as owner (a card's member), when asked for.</summary>
public sealed record StoredWithOwner(StoredState? Grain, string? OwnerKey = null, StoredState? Owner = null);

/// <summary>
/// One append-only ledger row. Unique per (account, operation id): the last defence of idempotency.
/// Every balance equals the sum of its account's deltas (the reconciliation rule).
/// </summary>
public sealed record LedgerRow(
    string Account,
    string OperationId,
    string Kind,
    DateTimeOffset At,
    string? StoreId = null,
    long PointsDelta = 0,
    long PendingDelta = 0,
    decimal SpendDelta = 0,
    decimal StoredValueDelta = 0,
    decimal BonusDelta = 0,
    long PointsAfter = 0,
    decimal StoredValueAfter = 0,
    string? DataJson = null);

/// <summary>A ledger row as read back, with its storage sequence (newest has the highest).</summary>
public sealed record LedgerEntry(long Sequence, LedgerRow Row);

/// <summary>An insert-only document (e.g. a checkout receipt) written in the same commit as the grain state.</summary>
public sealed record DocumentRow(string Collection, string Id, string Owner, string BodyJson);

/// <summary>A scheduled job for a grain; a null due time removes it.</summary>
public sealed record DueJob(string Job, DateTimeOffset? DueAt);

/// <summary>Everything one grain commits atomically: new state (expecting a version), ledger rows, documents, due jobs.</summary>
public sealed record StateWrite(
    StateId Id,
    long ExpectedVersion,
    string StateJson,
    GrainSummary Summary,
    IReadOnlyList<LedgerRow> Ledger,
    IReadOnlyList<DocumentRow> Documents,
    IReadOnlyList<DueJob> DueJobs);

public enum WriteOutcome
{
    Committed,
    /// <summary>Another writer changed the grain since it was read.</summary>
    VersionConflict,
    /// <summary>A ledger (account, operation) or document id already exists: the operation was applied before.</summary>
    DuplicateOperation,
}

public sealed record WriteResult(WriteOutcome Outcome, string? Detail = null)
{
    public static readonly WriteResult Committed = new(WriteOutcome.Committed);
}

/// <summary>
/// Durable grain storage. Writes in one batch are committed in as few round trips as possible, but each
/// write succeeds or fails on its own: one grain's conflict never fails another grain's write.
/// </summary>
public interface ILedgerStore
{
    Task<StoredState?> ReadAsync(StateId id, CancellationToken ct = default);

    /// <summary>
    /// The states of several grains in one round trip, in the order of <paramref name="ids"/> (null: not stored).
    /// An id given twice gets its answer at both places.
    /// </summary>
    Task<IReadOnlyList<StoredState?>> ReadManyAsync(IReadOnlyList<StateId> ids, CancellationToken ct = default);

    /// <summary>
    /// Like <see cref="ReadManyAsync"/>, and for each id with an owner type, also the state of its owner (the grain of
    /// that type keyed by the read grain's <see cref="GrainSummary.Owner"/>) in the same round trip. A store that
    /// cannot join reads no owners.
    /// </summary>
    async Task<IReadOnlyList<StoredWithOwner>> ReadManyWithOwnersAsync(IReadOnlyList<StateId> ids, IReadOnlyList<string?> ownerTypes,
        CancellationToken ct = default) =>
        (await ReadManyAsync(ids, ct).ConfigureAwait(false)).Select(grain => new StoredWithOwner(grain)).ToList();

    Task<IReadOnlyList<WriteResult>> WriteBatchAsync(IReadOnlyList<StateWrite> writes, CancellationToken ct = default);

    Task<DocumentRow?> ReadDocumentAsync(string collection, string id, CancellationToken ct = default);

    /// <summary>Ledger rows of one account, newest first, optionally before a sequence number.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string account, int limit, long? beforeSequence = null, CancellationToken ct = default);

    /// <summary>Grains with a job of this name due at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<StateId>> ReadDueAsync(string job, DateTimeOffset until, int limit, CancellationToken ct = default);

    /// <summary>True when the store answers (readiness).</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}
