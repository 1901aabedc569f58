using System.Text.Json;
using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>The commit steps <see cref="LedgeredCommitFilter"/> runs around every call of a grain with a ledgered state.</summary>
internal interface ILedgeredTurn
{
    void BeginTurn();

    /// <summary>The call succeeded: commit what it changed; completes once everything the call saw is durable.</summary>
    Task EndTurnAsync();

    /// <summary>The call threw: drop its effects and put the state back as the last good call left it.</summary>
    void AbandonTurn();
}

/// <summary>
/// The ledgered state of one activation. Commits are pipelined (Chirper's coalescing write): one write is in flight
/// at a time, and the calls that end meanwhile (a reentrant grain's) are committed together by the next write; no call
/// completes before the write holding what it saw. A write that fails — a version conflict from a stale or duplicate
/// activation, a duplicate operation, a storage error — fails every call that saw its state and deactivates the
/// activation, so the next call reads the stored state afresh. A durable write is taken off and the next one started
/// on the commit loop itself, so a busy grain's writes go in consecutive batches.
/// </summary>
internal sealed class LedgeredState<TState> : ILedgeredState<TState>, ILedgeredTurn, ILifecycleObserver, ISharedDurability
    where TState : class, ILedgeredRecord<TState>, new()
{
    private readonly IGrainContext _context;
    private readonly StateId _id;
    private readonly string? _ownerType;
    private readonly GroupCommitter _committer;
    private readonly GroupReader _reader;
    private readonly LocalDurability _local;
    private readonly bool _sharesDurability;
    private readonly string _activationId;

    private TState _state = new();
    private long _version;
    private bool _exists;
    private bool _loaded;
    private bool _turnOpen;
    private TurnEffects? _turnEffects;
    private Dependencies? _turnDependencies;

    // Fingerprint of the newest good state (the pending one, else the one in flight, else the stored one): tells
    // whether a failed call changed anything without keeping a copy of the state. Only this process compares it,
    // against states its own grains produced, so a fast non-cryptographic hash is enough.
    private UInt128 _goodHash;
    private Write? _pending;
    private Write? _inFlight;
    private Exception? _broken;

    // The grain's own code runs on its activation's scheduler; a durable write is taken off, and the next one started,
    // on the commit loop (OnWritten), and other grains' threads read which write to wait for (LocalDurability). The
    // writes and the version change only under this lock, so no one sees a write that is neither pending nor in
    // flight but not yet durable.
    private readonly Lock _writes = new();

    public LedgeredState(IGrainContext context, LedgeredStateAttribute attribute, GroupCommitter committer, GroupReader reader,
        LocalDurability local)
    {
        _context = context;
        _id = new StateId(attribute.StateType, context.GrainId.Key.ToString()!);
        _ownerType = attribute.OwnerType;
        _committer = committer;
        _reader = reader;
        _local = local;
        _sharesDurability = attribute.SharesDurability;
        _activationId = context.ActivationId.ToString();
        context.SetComponent<ILedgeredTurn>(this);
        context.ObservableLifecycle.Subscribe($"LedgeredState:{attribute.StateType}", GrainLifecycleStage.SetupState, this);
    }

    public TState State => _state;

    public bool RecordExists => _exists;

    public string Key => _id.Key;

    public void MarkChanged() => _ = Effects;

    public void AppendLedger(LedgerRow row) => Effects.Ledger.Add(row);

    public void WriteDocument(DocumentRow document) => Effects.Documents.Add(document);

    public void Schedule(string job, DateTimeOffset? dueAt) => Effects.DueJobs.Add(new DueJob(job, dueAt));

    public void DependOn(string activationId, Func<Task> askTheGrain)
    {
        _ = Effects;
        var dependencies = _turnDependencies ??= new Dependencies();
        if (_local.WhenDurable(activationId) is { } local)
        {
            (dependencies.Tasks ??= []).Add(local);
        }
        else
        {
            // Asked when the write starts, once per activation however many of this write's calls depended on it.
            (dependencies.Asks ??= []).TryAdd(activationId, askTheGrain);
        }
    }

    public Task WhenDurable()
    {
        lock (_writes)
        {
            return _broken is not null
                ? Task.FromException(new GrainConflictException($"{_id}: an earlier commit failed; the call had no effect", _broken))
                : (_pending ?? _inFlight)?.Completion.Task ?? Task.CompletedTask;
        }
    }

    public string ActivationId => _activationId;

    private TurnEffects Effects
    {
        get
        {
            if (!_turnOpen)
            {
                throw new InvalidOperationException($"{_id}: state changed outside a grain call; nothing would commit it.");
            }
            return _turnEffects ??= new TurnEffects();
        }
    }

    public async Task OnStart(CancellationToken cancellationToken = default)
    {
        var stored = await _reader.ReadAsync(_id, _ownerType);
        if (stored is null)
        {
            _state = new TState();
            _goodHash = StateJson<TState>.Hash(StateJson<TState>.Serialize(_state, TState.JsonInfo));
        }
        else
        {
            _state = JsonSerializer.Deserialize(stored.StateJson, TState.JsonInfo) ?? new TState();
            _version = stored.Version;
            _exists = true;
            // The stored text, not a re-serialisation: round trips are exact for this serializer, and where an older
            // format differs the only cost is that a failed call drops the activation instead of keeping it.
            _goodHash = StateJson<TState>.Hash(stored.StateJson);
        }
        _loaded = true;
        if (_sharesDurability)
        {
            _local.Add(_activationId, this);
        }
    }

    public Task OnStop(CancellationToken cancellationToken = default)
    {
        if (_sharesDurability)
        {
            _local.Remove(_activationId);
        }
        // A state read ahead for this grain may be older than its last commit now.
        _reader.Forget(_id);
        return Task.CompletedTask;
    }

    public void BeginTurn()
    {
        if (_turnOpen)
        {
            // Only a reentrant grain gets here, and only when one of its methods awaits before it has finished with
            // the state: that grain is not safe to interleave.
            throw new InvalidOperationException($"{_id}: a call started while another call's turn was open; the grain must not interleave here.");
        }
        _turnOpen = true;
        _turnEffects = null;
        _turnDependencies = null;
    }

    public Task EndTurnAsync()
    {
        _turnOpen = false;
        var effects = _turnEffects;
        var dependencies = _turnDependencies;
        _turnEffects = null;
        _turnDependencies = null;
        if (effects is not null)
        {
            var json = StateJson<TState>.Serialize(_state, TState.JsonInfo);
            var summary = _state.Summarize();
            lock (_writes)
            {
                if (_broken is null)
                {
                    var pending = _pending ??= new Write();
                    effects.AddTo(pending.Effects);
                    dependencies?.AddTo(pending.Dependencies ??= new Dependencies());
                    pending.Json.Set(json);
                    pending.Summary = summary;
                    _goodHash = StateJson<TState>.Hash(json);
                    _exists = true;
                    if (_inFlight is null)
                    {
                        StartWrite();
                    }
                }
            }
        }
        // Also a call that changed nothing waits for the writes holding the state it read: no one outside learns of a
        // change before it is durable. An earlier write that failed after this call began fails it: what it saw may
        // be lost.
        return WhenDurable();
    }

    public void AbandonTurn()
    {
        _turnOpen = false;
        _turnEffects = null;
        _turnDependencies = null;
        if (!_loaded || StateJson<TState>.Hash(StateJson<TState>.Serialize(_state, TState.JsonInfo)) == _goodHash)
        {
            return;
        }
        // The call changed the state before it threw. The last good state is the newest one waiting to be written;
        // with none, it is the stored one, which this activation does not keep: drop the activation.
        lock (_writes)
        {
            if (_pending is { } pending)
            {
                _state = JsonSerializer.Deserialize(pending.Json.Bytes, TState.JsonInfo)!;
                return;
            }
            if (_inFlight?.StateJson is { } inFlight)
            {
                _state = JsonSerializer.Deserialize(inFlight, TState.JsonInfo)!;
                return;
            }
        }
        Break(new GrainConflictException($"{_id}: a failed call changed the state; reloading"));
    }

    // Holds _writes. Runs on the activation's scheduler after a turn, or on the commit loop when the write before it
    // is durable: started there, the next write joins the very next batch instead of one round trip later.
    private void StartWrite()
    {
        var write = _pending!;
        _pending = null;
        _inFlight = write;
        write.StateJson = write.Json.TakeText();
        var stateWrite = new StateWrite(_id, _version, write.StateJson, write.Summary!, write.Effects.Ledger, write.Effects.Documents,
            write.Effects.DueJobs);
        // What these calls saw of other grains must be durable first; if it was lost, so is this write.
        _committer.CommitAsync(stateWrite, write.Dependencies?.Start()).ContinueWith(committing => OnWritten(committing, write),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Runs where the commit completed: the commit loop. The callers waiting for this write hear of it there, so the
    // writes that waited for it (this grain's next, other grains' that depend on it) join the very next batch.
    private void OnWritten(Task<WriteResult> committing, Write write)
    {
        var error = Failure(committing);
        if (error is null)
        {
            var mustAskGrains = false;
            lock (_writes)
            {
                _version++;
                _inFlight = null;
                if (_pending is { } next && _broken is null)
                {
                    // A write that must ask other grains (a call) starts in the grain's own context instead.
                    mustAskGrains = next.Dependencies?.Asks is not null;
                    if (!mustAskGrains)
                    {
                        StartWrite();
                    }
                }
            }
            write.Completion.TrySetResult();
            if (mustAskGrains)
            {
                _context.Scheduler.QueueAction(StartPendingWrite);
            }
            return;
        }
        lock (_writes)
        {
            _broken ??= error;
            _inFlight = null;
        }
        write.Completion.TrySetException(error);
        _context.Scheduler.QueueAction(() => Break(error));
    }

    private void StartPendingWrite()
    {
        lock (_writes)
        {
            if (_inFlight is null && _pending is not null && _broken is null)
            {
                StartWrite();
            }
        }
    }

    private Exception? Failure(Task<WriteResult> committing) => committing.IsCompletedSuccessfully
        ? committing.Result.Outcome switch
        {
            WriteOutcome.Committed => null,
            WriteOutcome.DuplicateOperation => new DuplicateOperationException($"{_id}: {committing.Result.Detail}"),
            _ => new GrainConflictException($"{_id}: {committing.Result.Detail ?? "version conflict"}"),
        }
        : new GrainConflictException($"{_id}: the commit failed, or a change of another grain it relied on was lost",
            committing.Exception?.InnerException);

    /// <summary>Fails every call waiting on a later write and deactivates: the next call reads the stored state.</summary>
    private void Break(Exception error)
    {
        Write? pending;
        lock (_writes)
        {
            _broken ??= error;
            pending = _pending;
            _pending = null;
        }
        if (pending is not null)
        {
            pending.Completion.TrySetException(new GrainConflictException($"{_id}: an earlier commit failed; the call had no effect", error));
        }
        _context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{_id}: {error.Message}"));
    }

    /// <summary>One write: the state after the last call it holds, and the effects of all its calls.</summary>
    private sealed class Write
    {
        public readonly TurnEffects Effects = new();
        public readonly TaskCompletionSource Completion = new();
        public Dependencies? Dependencies;

        /// <summary>The state after the write's last call until the write starts (then <see cref="StateJson"/>).</summary>
        public readonly PendingStateJson Json = new();

        public string? StateJson;
        public GrainSummary? Summary;
    }

    /// <summary>Other grains' writes that calls of one write depend on: tasks of this silo's, and grains to ask.</summary>
    private sealed class Dependencies
    {
        public List<Task>? Tasks;
        public Dictionary<string, Func<Task>>? Asks;

        public void AddTo(Dependencies write)
        {
            if (Tasks is not null)
            {
                (write.Tasks ??= []).AddRange(Tasks);
            }
            foreach (var (activationId, ask) in Asks ?? [])
            {
                (write.Asks ??= []).TryAdd(activationId, ask);
            }
        }

        /// <summary>Asks the grains (once per activation) and answers everything the write waits for.</summary>
        public List<Task> Start()
        {
            var all = Tasks ?? [];
            if (Asks is not null)
            {
                all.AddRange(Asks.Values.Select(ask => ask()));
            }
            return all;
        }
    }
}
