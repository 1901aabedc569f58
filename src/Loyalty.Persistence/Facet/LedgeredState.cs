using System.IO.Hashing;
using System.Runtime.InteropServices;
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
/// activation, so the next call reads the stored state afresh.
/// </summary>
internal sealed class LedgeredState<TState> : ILedgeredState<TState>, ILedgeredTurn, ILifecycleObserver
    where TState : class, ILedgeredRecord<TState>, new()
{
    private readonly IGrainContext _context;
    private readonly StateId _id;
    private readonly string? _ownerType;
    private readonly GroupCommitter _committer;
    private readonly GroupReader _reader;

    private TState _state = new();
    private long _version;
    private bool _exists;
    private bool _loaded;
    private bool _turnOpen;
    private TurnEffects? _turnEffects;
    private List<Task>? _turnDependencies;

    // Fingerprint of the newest good state (the pending one, else the one in flight, else the stored one): tells
    // whether a failed call changed anything without keeping a copy of the state. Only this process compares it,
    // against states its own grains produced, so a fast non-cryptographic hash is enough.
    private UInt128 _goodHash;
    private Write? _pending;
    private Write? _inFlight;
    private Exception? _broken;

    public LedgeredState(IGrainContext context, LedgeredStateAttribute attribute, GroupCommitter committer, GroupReader reader)
    {
        _context = context;
        _id = new StateId(attribute.StateType, context.GrainId.Key.ToString()!);
        _ownerType = attribute.OwnerType;
        _committer = committer;
        _reader = reader;
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

    public void DependOn(Task durable)
    {
        _ = Effects;
        (_turnDependencies ??= []).Add(durable);
    }

    public Task WhenDurable() => _broken is not null
        ? Task.FromException(new GrainConflictException($"{_id}: an earlier commit failed; the call had no effect", _broken))
        : (_pending ?? _inFlight)?.Completion.Task ?? Task.CompletedTask;

    public string ActivationId => _context.ActivationId.ToString();

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
            _goodHash = Hash(Serialize(_state));
        }
        else
        {
            _state = JsonSerializer.Deserialize(stored.StateJson, TState.JsonInfo) ?? new TState();
            _version = stored.Version;
            _exists = true;
            // The stored text, not a re-serialisation: round trips are exact for this serializer, and where an older
            // format differs the only cost is that a failed call drops the activation instead of keeping it.
            _goodHash = Hash(stored.StateJson);
        }
        _loaded = true;
    }

    public Task OnStop(CancellationToken cancellationToken = default)
    {
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
        if (_broken is not null)
        {
            // An earlier write of this activation failed after this call began: what it saw may be lost.
            return Task.FromException(new GrainConflictException($"{_id}: an earlier commit failed; the call had no effect", _broken));
        }
        if (effects is not null)
        {
            var json = Serialize(_state);
            var pending = _pending ??= new Write();
            effects.AddTo(pending.Effects);
            if (dependencies is not null)
            {
                (pending.Dependencies ??= []).AddRange(dependencies);
            }
            pending.StateJson = json;
            pending.Summary = _state.Summarize();
            _goodHash = Hash(json);
            _exists = true;
            if (_inFlight is null)
            {
                StartWrite();
            }
        }
        // Also a call that changed nothing waits for the writes holding the state it read: no one outside learns of a
        // change before it is durable.
        return (_pending ?? _inFlight)?.Completion.Task ?? Task.CompletedTask;
    }

    public void AbandonTurn()
    {
        _turnOpen = false;
        _turnEffects = null;
        _turnDependencies = null;
        if (!_loaded || Hash(Serialize(_state)) == _goodHash)
        {
            return;
        }
        // The call changed the state before it threw. The last good state is the newest one waiting to be written;
        // with none, it is the stored one, which this activation does not keep: drop the activation.
        var good = (_pending ?? _inFlight)?.StateJson;
        if (good is not null)
        {
            _state = JsonSerializer.Deserialize(good, TState.JsonInfo)!;
            return;
        }
        Break(new GrainConflictException($"{_id}: a failed call changed the state; reloading"));
    }

    private void StartWrite()
    {
        var write = _pending!;
        _pending = null;
        _inFlight = write;
        var stateWrite = new StateWrite(_id, _version, write.StateJson!, write.Summary!, write.Effects.Ledger, write.Effects.Documents,
            write.Effects.DueJobs);
        _ = CommitAsync(write, stateWrite);
    }

    // Started and resumed on the activation's scheduler, so it never runs alongside the grain's own code.
    private async Task CommitAsync(Write write, StateWrite stateWrite)
    {
        Exception? error;
        try
        {
            if (write.Dependencies is { } dependencies)
            {
                // What these calls saw of other grains must be durable first; if it was lost, so is this write.
                await Task.WhenAll(dependencies);
            }
            var result = await _committer.CommitAsync(stateWrite);
            error = result.Outcome switch
            {
                WriteOutcome.Committed => null,
                WriteOutcome.DuplicateOperation => new DuplicateOperationException($"{_id}: {result.Detail}"),
                _ => new GrainConflictException($"{_id}: {result.Detail ?? "version conflict"}"),
            };
        }
        catch (Exception ex)
        {
            error = new GrainConflictException($"{_id}: the commit failed, or a change of another grain it relied on was lost", ex);
        }

        _inFlight = null;
        if (error is null)
        {
            _version++;
            write.Completion.TrySetResult();
            if (_pending is not null)
            {
                StartWrite();
            }
            return;
        }
        write.Completion.TrySetException(error);
        Break(error);
    }

    /// <summary>Fails every call waiting on a later write and deactivates: the next call reads the stored state.</summary>
    private void Break(Exception error)
    {
        _broken ??= error;
        if (_pending is { } pending)
        {
            _pending = null;
            pending.Completion.TrySetException(new GrainConflictException($"{_id}: an earlier commit failed; the call had no effect", error));
        }
        _context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{_id}: {error.Message}"));
    }

    private static string Serialize(TState state) => JsonSerializer.Serialize(state, TState.JsonInfo);

    private static UInt128 Hash(string json) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(json.AsSpan()));

    /// <summary>One write: the state after the last call it holds, and the effects of all its calls.</summary>
    private sealed class Write
    {
        public readonly TurnEffects Effects = new();
        public readonly TaskCompletionSource Completion = new();
        public List<Task>? Dependencies;
        public string? StateJson;
        public GrainSummary? Summary;
    }
}
