using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ILedgerStore"/> must have, run against each implementation.
/// Tests share a store per class, so each one uses fresh grain keys, accounts and job names.
/// </summary>
public abstract class StorageContractTests
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract ILedgerStore Storage { get; }

    /// <summary>The summary columns as the store persisted them (null when the grain has no row).</summary>
    protected abstract Task<GrainSummary?> ReadSummaryAsync(StateId id);

    [Fact]
    public async Task Missing_grain_and_document_read_as_null()
    {
        Assert.Null(await Storage.ReadAsync(NewGrain()));
        Assert.Null(await Storage.ReadDocumentAsync("receipts", Unique("doc")));
        Assert.Empty(await Storage.ReadLedgerAsync(Unique("acct"), 10));
    }

    [Fact]
    public async Task Insert_at_version_zero_creates_version_one_with_the_state_verbatim()
    {
        var id = NewGrain();
        const string state = """{"points": 10, "name":"Ann"}""";

        var result = await WriteOneAsync(Write(id, 0, state));

        Assert.Equal(WriteOutcome.Committed, result.Outcome);
        Assert.Equal(new StoredState(1, state), await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Update_at_the_current_version_increments_it()
    {
        var id = NewGrain();
        await WriteOneAsync(Write(id, 0, """{"n":1}"""));

        var result = await WriteOneAsync(Write(id, 1, """{"n":2}"""));

        Assert.Equal(WriteOutcome.Committed, result.Outcome);
        Assert.Equal(new StoredState(2, """{"n":2}"""), await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Read_many_answers_in_the_order_asked_with_null_for_missing_and_repeats_for_duplicates()
    {
        var first = NewGrain();
        var second = NewGrain("card");
        var missing = NewGrain();
        await Storage.WriteBatchAsync([Write(first, 0, """{"n":1}"""), Write(second, 0, """{"n":2}""")]);
        await WriteOneAsync(Write(second, 1, """{"n":3}"""));
        // Same key as a stored grain but another type: a different grain.
        var otherType = new StateId("card", first.Key);

        var read = await Storage.ReadManyAsync([second, missing, first, otherType, second]);

        Assert.Equal<StoredState?>(
            [new StoredState(2, """{"n":3}"""), null, new StoredState(1, """{"n":1}"""), null, new StoredState(2, """{"n":3}""")],
            read);
        Assert.Empty(await Storage.ReadManyAsync([]));
    }

    [Fact]
    public async Task Stale_version_is_a_conflict_and_writes_nothing()
    {
        var id = NewGrain();
        var account = Unique("acct");
        var job = Unique("job");
        await WriteOneAsync(Write(id, 0, """{"n":1}"""));
        await WriteOneAsync(Write(id, 1, """{"n":2}"""));

        var stale = Write(id, 1, """{"n":"stale"}""",
            ledger: [Row(account, "op-1", points: 5)],
            documents: [new DocumentRow("receipts", account, "owner", "{}")],
            due: [new DueJob(job, T0)]);
        var result = await WriteOneAsync(stale);

        Assert.Equal(WriteOutcome.VersionConflict, result.Outcome);
        Assert.Equal(new StoredState(2, """{"n":2}"""), await Storage.ReadAsync(id));
        Assert.Empty(await Storage.ReadLedgerAsync(account, 10));
        Assert.Null(await Storage.ReadDocumentAsync("receipts", account));
        Assert.Empty(await Storage.ReadDueAsync(job, T0.AddDays(1), 10));
    }

    [Fact]
    public async Task Insert_over_an_existing_grain_is_a_conflict()
    {
        var id = NewGrain();
        await WriteOneAsync(Write(id, 0, """{"first":true}"""));

        var result = await WriteOneAsync(Write(id, 0, """{"first":false}"""));

        Assert.Equal(WriteOutcome.VersionConflict, result.Outcome);
        Assert.Equal(new StoredState(1, """{"first":true}"""), await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Update_of_a_grain_that_does_not_exist_is_a_conflict()
    {
        var id = NewGrain();

        var result = await WriteOneAsync(Write(id, 3, "{}"));

        Assert.Equal(WriteOutcome.VersionConflict, result.Outcome);
        Assert.Null(await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task One_conflict_in_a_batch_does_not_fail_the_other_writes()
    {
        var a = NewGrain();
        var b = NewGrain();
        var c = NewGrain();
        await WriteOneAsync(Write(b, 0, "{}"));
        var accountA = Unique("acct");
        var accountC = Unique("acct");

        var results = await Storage.WriteBatchAsync([
            Write(a, 0, """{"a":1}""", ledger: [Row(accountA, "op", points: 1)]),
            Write(b, 5, """{"b":"stale"}""", ledger: [Row(Unique("acct"), "op", points: 1)]),
            Write(c, 0, """{"c":1}""", ledger: [Row(accountC, "op", points: 1)]),
        ]);

        Assert.Equal([WriteOutcome.Committed, WriteOutcome.VersionConflict, WriteOutcome.Committed], results.Select(r => r.Outcome));
        Assert.Equal(1, (await Storage.ReadAsync(a))!.Version);
        Assert.Equal(new StoredState(1, "{}"), await Storage.ReadAsync(b));
        Assert.Equal(1, (await Storage.ReadAsync(c))!.Version);
        Assert.Single(await Storage.ReadLedgerAsync(accountA, 10));
        Assert.Single(await Storage.ReadLedgerAsync(accountC, 10));
    }

    [Fact]
    public async Task Duplicate_ledger_operation_fails_only_that_write_and_leaves_no_trace()
    {
        var account = Unique("acct");
        var dupGrain = NewGrain();
        var job = Unique("job");
        await WriteOneAsync(Write(dupGrain, 0, """{"v":1}""", ledger: [Row(account, "checkout-1", points: 10, pointsAfter: 10)]));
        var before = NewGrain();
        var after = NewGrain();

        var results = await Storage.WriteBatchAsync([
            Write(before, 0, "{}", ledger: [Row(Unique("acct"), "x", points: 1)]),
            Write(dupGrain, 1, """{"v":2}""",
                ledger: [Row(account, "checkout-2", points: 3), Row(account, "checkout-1", points: 10)],
                documents: [new DocumentRow("receipts", "r-" + account, account, "{}")],
                due: [new DueJob(job, T0)]),
            Write(after, 0, "{}", ledger: [Row(Unique("acct"), "x", points: 1)]),
        ]);

        Assert.Equal([WriteOutcome.Committed, WriteOutcome.DuplicateOperation, WriteOutcome.Committed], results.Select(r => r.Outcome));
        Assert.Equal(new StoredState(1, """{"v":1}"""), await Storage.ReadAsync(dupGrain));
        Assert.Equal(["checkout-1"], (await Storage.ReadLedgerAsync(account, 10)).Select(e => e.Row.OperationId));
        Assert.Null(await Storage.ReadDocumentAsync("receipts", "r-" + account));
        Assert.Empty(await Storage.ReadDueAsync(job, T0.AddDays(1), 10));
        Assert.NotNull(await Storage.ReadAsync(before));
        Assert.NotNull(await Storage.ReadAsync(after));
    }

    [Fact]
    public async Task Same_operation_twice_in_one_batch_commits_the_first_write_only()
    {
        var account = Unique("acct");
        var first = NewGrain();
        var second = NewGrain();

        var results = await Storage.WriteBatchAsync([
            Write(first, 0, "{}", ledger: [Row(account, "op")]),
            Write(second, 0, "{}", ledger: [Row(account, "op")]),
        ]);

        Assert.Equal([WriteOutcome.Committed, WriteOutcome.DuplicateOperation], results.Select(r => r.Outcome));
        Assert.NotNull(await Storage.ReadAsync(first));
        Assert.Null(await Storage.ReadAsync(second));
        Assert.Single(await Storage.ReadLedgerAsync(account, 10));
    }

    [Fact]
    public async Task Same_operation_twice_in_one_write_is_a_duplicate()
    {
        var account = Unique("acct");
        var id = NewGrain();

        var result = await WriteOneAsync(Write(id, 0, "{}", ledger: [Row(account, "op"), Row(account, "op")]));

        Assert.Equal(WriteOutcome.DuplicateOperation, result.Outcome);
        Assert.Null(await Storage.ReadAsync(id));
        Assert.Empty(await Storage.ReadLedgerAsync(account, 10));
    }

    [Fact]
    public async Task Writes_for_one_grain_in_one_batch_apply_in_order()
    {
        var id = NewGrain();

        var results = await Storage.WriteBatchAsync([Write(id, 0, """{"n":1}"""), Write(id, 1, """{"n":2}""")]);

        Assert.All(results, r => Assert.Equal(WriteOutcome.Committed, r.Outcome));
        Assert.Equal(new StoredState(2, """{"n":2}"""), await Storage.ReadAsync(id));
    }

    [Fact]
    public async Task Documents_are_stored_and_a_repeated_id_is_a_duplicate_operation()
    {
        var docId = Unique("receipt");
        var doc = new DocumentRow("receipts", docId, "member-1", """{"total": 12.50}""");
        var first = NewGrain();
        var second = NewGrain();

        var stored = await WriteOneAsync(Write(first, 0, "{}", documents: [doc]));
        var repeated = await WriteOneAsync(Write(second, 0, "{}", documents: [doc with { BodyJson = """{"total": 99}""" }]));

        Assert.Equal(WriteOutcome.Committed, stored.Outcome);
        Assert.Equal(WriteOutcome.DuplicateOperation, repeated.Outcome);
        Assert.Equal(doc, await Storage.ReadDocumentAsync("receipts", docId));
        Assert.Null(await Storage.ReadAsync(second));
        Assert.Null(await Storage.ReadDocumentAsync("other-collection", docId));
    }

    [Fact]
    public async Task Ledger_rows_round_trip_every_field()
    {
        var account = Unique("acct");
        var row = new LedgerRow(account, "checkout-9", "earn", T0.AddMilliseconds(123), "store-7",
            PointsDelta: 120, PendingDelta: -20, SpendDelta: 45.67m, StoredValueDelta: -5.25m, BonusDelta: 1.5m,
            PointsAfter: 1120, StoredValueAfter: 94.75m, DataJson: """{"lines":3}""");
        var bare = new LedgerRow(account, "checkout-10", "adjust", new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        await WriteOneAsync(Write(NewGrain(), 0, "{}", ledger: [row, bare]));

        var entries = await Storage.ReadLedgerAsync(account, 10);
        Assert.Equal([bare, row], entries.Select(e => e.Row));
        Assert.True(entries[0].Sequence > entries[1].Sequence);
    }

    [Fact]
    public async Task Ledger_pages_newest_first_before_a_sequence()
    {
        var account = Unique("acct");
        var id = NewGrain();
        await WriteOneAsync(Write(id, 0, "{}", ledger: [Row(account, "op1"), Row(account, "op2")]));
        await WriteOneAsync(Write(NewGrain(), 0, "{}", ledger: [Row(Unique("acct"), "op-other")]));
        await WriteOneAsync(Write(id, 1, "{}", ledger: [Row(account, "op3")]));
        await WriteOneAsync(Write(id, 2, "{}", ledger: [Row(account, "op4"), Row(account, "op5")]));

        var page1 = await Storage.ReadLedgerAsync(account, 2);
        var page2 = await Storage.ReadLedgerAsync(account, 2, page1[^1].Sequence);
        var page3 = await Storage.ReadLedgerAsync(account, 2, page2[^1].Sequence);
        var page4 = await Storage.ReadLedgerAsync(account, 2, page3[^1].Sequence);

        Assert.Equal(["op5", "op4"], page1.Select(e => e.Row.OperationId));
        Assert.Equal(["op3", "op2"], page2.Select(e => e.Row.OperationId));
        Assert.Equal(["op1"], page3.Select(e => e.Row.OperationId));
        Assert.Empty(page4);
    }

    [Fact]
    public async Task Due_jobs_can_be_set_moved_and_removed()
    {
        var job = Unique("expiry");
        var other = Unique("birthday");
        var id = NewGrain();

        await WriteOneAsync(Write(id, 0, "{}", due: [new DueJob(job, T0.AddHours(5)), new DueJob(other, T0)]));
        Assert.Empty(await Storage.ReadDueAsync(job, T0.AddHours(4), 10));
        Assert.Equal([id], await Storage.ReadDueAsync(job, T0.AddHours(5), 10));

        await WriteOneAsync(Write(id, 1, "{}", due: [new DueJob(job, T0.AddHours(1))]));
        Assert.Equal([id], await Storage.ReadDueAsync(job, T0.AddHours(1), 10));

        await WriteOneAsync(Write(id, 2, "{}", due: [new DueJob(job, null)]));
        Assert.Empty(await Storage.ReadDueAsync(job, T0.AddDays(30), 10));
        Assert.Equal([id], await Storage.ReadDueAsync(other, T0, 10));
    }

    [Fact]
    public async Task The_last_instruction_for_a_job_in_one_write_wins()
    {
        var job = Unique("job");
        var set = NewGrain();
        var removed = NewGrain();

        await Storage.WriteBatchAsync([
            Write(set, 0, "{}", due: [new DueJob(job, null), new DueJob(job, T0.AddHours(2)), new DueJob(job, T0)]),
            Write(removed, 0, "{}", due: [new DueJob(job, T0), new DueJob(job, null)]),
        ]);

        Assert.Equal([set], await Storage.ReadDueAsync(job, T0, 10));
    }

    [Fact]
    public async Task Due_grains_come_earliest_first_up_to_the_limit()
    {
        var job = Unique("release");
        var prefix = Unique("k");
        StateId G(string suffix) => new("member", $"{prefix}-{suffix}");
        await Storage.WriteBatchAsync([
            Write(G("late"), 0, "{}", due: [new DueJob(job, T0.AddHours(3))]),
            Write(G("first"), 0, "{}", due: [new DueJob(job, T0.AddHours(1))]),
            Write(G("b-tie"), 0, "{}", due: [new DueJob(job, T0.AddHours(2))]),
            Write(G("a-tie"), 0, "{}", due: [new DueJob(job, T0.AddHours(2))]),
            Write(G("future"), 0, "{}", due: [new DueJob(job, T0.AddDays(2))]),
        ]);

        Assert.Equal([G("first"), G("a-tie")], await Storage.ReadDueAsync(job, T0.AddDays(1), 2));
        Assert.Equal([G("first"), G("a-tie"), G("b-tie"), G("late")], await Storage.ReadDueAsync(job, T0.AddDays(1), 10));
        Assert.Empty(await Storage.ReadDueAsync(job, T0, 10));
    }

    [Fact]
    public async Task Summary_columns_are_persisted_and_replaced_on_update()
    {
        var id = NewGrain();
        var first = new GrainSummary("active", "gold", "store-3", Points: 1500, PendingPoints: 40, StoredValue: 12.34m, Spend: 987.65m, Owner: "hh-1");
        var second = new GrainSummary("blocked", null, null, Points: 0, PendingPoints: 0, StoredValue: 0m, Spend: 1000m, Owner: null);

        await WriteOneAsync(Write(id, 0, "{}", summary: first));
        Assert.Equal(first, await ReadSummaryAsync(id));

        await WriteOneAsync(Write(id, 1, "{}", summary: second));
        Assert.Equal(second, await ReadSummaryAsync(id));
    }

    [Fact]
    public async Task Money_stays_exact_to_the_cent()
    {
        var account = Unique("acct");
        var id = NewGrain();
        await WriteOneAsync(Write(id, 0, "{}", summary: new GrainSummary(StoredValue: 0.10m),
            ledger: [Row(account, "top-up-1", storedValue: 0.10m, storedValueAfter: 0.10m)]));
        await WriteOneAsync(Write(id, 1, "{}", summary: new GrainSummary(StoredValue: 0.30m, Spend: 9_999_999_999_999_999.99m),
            ledger: [Row(account, "top-up-2", storedValue: 0.20m, storedValueAfter: 0.30m)]));

        var ledger = await Storage.ReadLedgerAsync(account, 10);
        var summary = await ReadSummaryAsync(id);

        Assert.Equal(0.30m, ledger.Sum(e => e.Row.StoredValueDelta));
        Assert.Equal(0.30m, ledger[0].Row.StoredValueAfter);
        Assert.Equal(0.30m, summary!.StoredValue);
        Assert.Equal(9_999_999_999_999_999.99m, summary.Spend);
    }

    [Fact]
    public async Task A_batch_of_500_writes_commits()
    {
        var prefix = Unique("bulk");
        var writes = Enumerable.Range(0, 500).Select(i => Write(new StateId("member", $"{prefix}-{i}"), 0, $$"""{"i":{{i}}}""",
            summary: new GrainSummary(Points: i),
            ledger: [Row($"{prefix}-{i}", "op", points: i, pointsAfter: i)],
            documents: [new DocumentRow("receipts", $"{prefix}-{i}", $"{prefix}-{i}", "{}")],
            due: [new DueJob(prefix, T0.AddMinutes(i))])).ToList();

        var results = await Storage.WriteBatchAsync(writes);

        Assert.Equal(500, results.Count);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Committed, r.Outcome));
        Assert.Equal(new StoredState(1, """{"i":499}"""), await Storage.ReadAsync(new StateId("member", $"{prefix}-499")));
        Assert.Equal(250, (await Storage.ReadLedgerAsync($"{prefix}-250", 10)).Single().Row.PointsDelta);
        Assert.NotNull(await Storage.ReadDocumentAsync("receipts", $"{prefix}-7"));
        Assert.Equal(500, (await Storage.ReadDueAsync(prefix, T0.AddDays(1), 1000)).Count);
    }

    [Fact]
    public async Task Grain_types_with_the_same_key_are_different_grains()
    {
        var key = Unique("shared");
        await Storage.WriteBatchAsync([Write(new("member", key), 0, """{"t":"m"}"""), Write(new("card", key), 0, """{"t":"c"}""")]);

        Assert.Equal("""{"t":"m"}""", (await Storage.ReadAsync(new("member", key)))!.StateJson);
        Assert.Equal("""{"t":"c"}""", (await Storage.ReadAsync(new("card", key)))!.StateJson);
    }

    [Fact]
    public async Task Empty_batch_returns_no_results()
    {
        Assert.Empty(await Storage.WriteBatchAsync([]));
    }

    [Fact]
    public async Task Ping_answers_true()
    {
        Assert.True(await Storage.PingAsync());
    }

    protected async Task<WriteResult> WriteOneAsync(StateWrite write) => (await Storage.WriteBatchAsync([write])).Single();

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static StateId NewGrain(string type = "member") => new(type, Unique("g"));

    protected static StateWrite Write(
        StateId id,
        long expectedVersion,
        string state,
        GrainSummary? summary = null,
        IReadOnlyList<LedgerRow>? ledger = null,
        IReadOnlyList<DocumentRow>? documents = null,
        IReadOnlyList<DueJob>? due = null) =>
        new(id, expectedVersion, state, summary ?? new GrainSummary(), ledger ?? [], documents ?? [], due ?? []);

    protected static LedgerRow Row(string account, string operation, long points = 0, long pointsAfter = 0,
        decimal storedValue = 0, decimal storedValueAfter = 0) =>
        new(account, operation, "test", T0, PointsDelta: points, PointsAfter: pointsAfter,
            StoredValueDelta: storedValue, StoredValueAfter: storedValueAfter);
}
