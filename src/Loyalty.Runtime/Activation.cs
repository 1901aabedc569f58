using System.Runtime.InteropServices;
using System.IO.Hashing;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// One grain in memory: a mailbox whose calls run one at a time in arrival order (turns), and a commit
/// pipeline. While one commit of this grain is in flight, the calls behind it keep running against the
/// in-memory state and are committed together in the next batch; no call is answered before the commit
/// that holds what it saw. A failed commit fails every call that saw the lost state and reloads it.
/// </summary>
/// <remarks>
/// Most activations sit idle most of the time, so an idle one holds only its grain state and a few fields:
/// no channel, no parked turn loop (a loop runs on the thread pool only while calls are queued) and no copy of
/// the state for rollback (a hash of it tells whether a failed turn changed anything).
/// </remarks>
internal sealed class Activation
{
    private readonly GrainRuntime _runtime;
    private readonly IGrainInstance _grain;
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private readonly Queue<WorkItem> _mailbox = new();
    private bool _turnsRunning;
    private List<WorkItem>? _waiting;
    private TurnEffects? _pendingEffects;
    private string? _pendingState;
    private GrainSummary? _pendingSummary;
    private List<Task>? _pendingDependencies;
    private string? _stateInFlight;
    private bool _loaded;
    private bool _reloadNeeded;
    private bool _commitInFlight;
    private int _epoch;
    private int _outstanding;
    private bool _closed;
    private long _version;

    // Touched only by the turn loop: hash of the state as the last good turn left it, when known. A stored state is
    // not hashed on load (that would serialize every activation once more); until its first change, a failed turn
    // reloads it instead.
    private UInt128 _goodState;
    private bool _goodStateKnown;

    public Activation(GrainId id, IGrainInstance grain, GrainRuntime runtime)
    {
        Id = id;
        _grain = grain;
        _runtime = runtime;
        grain.Attach(id, runtime);
        LastUsed = runtime.Time.GetUtcNow();
    }

    public GrainId Id { get; }

    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>Queues a call; false when this activation was deactivated meanwhile (the caller gets a fresh one).</summary>
    public bool TryEnqueue(WorkItem item)
    {
        bool start;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _outstanding++;
            LastUsed = _runtime.Time.GetUtcNow();
            _mailbox.Enqueue(item);
            start = !_turnsRunning;
            _turnsRunning = true;
        }
        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static activation => _ = activation.RunTurnsAsync(), this, preferLocal: false);
        }
        return true;
    }

    /// <summary>Closes the activation if nothing is queued, running or uncommitted. Its state is durable already.</summary>
    public bool TryDeactivate()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true;
            }
            if (_outstanding > 0 || _commitInFlight)
            {
                return false;
            }
            _closed = true;
            return true;
        }
    }

    /// <summary>Runs the queued calls one after the other, then ends; the next call starts it again.</summary>
    private async Task RunTurnsAsync()
    {
        while (true)
        {
            WorkItem? item;
            bool load;
            int epoch;
            // The reload flag and the epoch are read together: a turn never runs on state a failed commit lost.
            lock (_gate)
            {
                if (!_mailbox.TryDequeue(out item))
                {
                    _turnsRunning = false;
                    return;
                }
                load = !_loaded || _reloadNeeded;
                epoch = _epoch;
            }
            if (load)
            {
                if (!await TryLoadAsync(item).ConfigureAwait(false))
                {
                    return;
                }
                lock (_gate)
                {
                    epoch = _epoch;
                }
            }
            await RunTurnAsync(item, epoch).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryLoadAsync(WorkItem current)
    {
        try
        {
            var stored = await _runtime.Reader.ReadAsync(Id).ConfigureAwait(false);
            _grain.LoadState(stored?.StateJson);
            _goodStateKnown = stored is null;
            if (_goodStateKnown)
            {
                _goodState = Hash(_grain.PeekState());
            }
            lock (_gate)
            {
                _version = stored?.Version ?? 0;
                _loaded = true;
                _reloadNeeded = false;
            }
            await _grain.OnActivateAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            // The grain cannot be loaded: fail what is queued and let the next call try a fresh activation.
            List<WorkItem> queued = [current];
            lock (_gate)
            {
                _closed = true;
                _turnsRunning = false;
                queued.AddRange(_mailbox);
                _mailbox.Clear();
            }
            _runtime.Forget(this);
            foreach (var item in queued)
            {
                Finish(item, new GrainConflictException($"{Id} could not be loaded", ex));
            }
            return false;
        }
    }

    private async Task RunTurnAsync(WorkItem item, int epoch)
    {
        var turn = new TurnContext(Id);
        TurnContext.Current = turn;
        try
        {
            await item.RunAsync(_grain).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _grain.TakeEffects();
            RestoreAfterFailedTurn();
            Finish(item, ex);
            return;
        }

        var effects = _grain.TakeEffects();
        var dependencies = turn.Dependencies;
        string? state = null;
        GrainSummary? summary = null;
        if (effects is not null)
        {
            state = _grain.SerializeState();
            summary = _grain.Summarize();
            _goodState = Hash(state);
            _goodStateKnown = true;
        }

        WriteBatch? toCommit = null;
        var answerNow = false;
        Exception? lost = null;
        lock (_gate)
        {
            if (epoch != _epoch)
            {
                lost = new GrainConflictException($"{Id}: an earlier commit failed; the call had no effect");
            }
            else if (effects is null && dependencies is null && !_commitInFlight && _waiting is null)
            {
                answerNow = true;
            }
            else
            {
                (_waiting ??= []).Add(item);
                if (dependencies is not null)
                {
                    (_pendingDependencies ??= []).AddRange(dependencies);
                }
                if (effects is not null)
                {
                    if (_pendingEffects is null)
                    {
                        _pendingEffects = effects;
                    }
                    else
                    {
                        effects.AddTo(_pendingEffects);
                    }
                    _pendingState = state;
                    _pendingSummary = summary;
                }
                toCommit = TakeBatchLocked();
            }
        }
        if (lost is not null)
        {
            Finish(item, lost);
            return;
        }
        item.TurnSucceeded();
        if (answerNow)
        {
            Finish(item, null);
        }
        if (toCommit is not null)
        {
            _ = CommitAsync(toCommit);
        }
    }

    /// <summary>
    /// A failed turn leaves the state as the last good turn left it. Most turns fail on a check before they change
    /// anything (the hash tells); otherwise the last good state is the newest uncommitted one, or the stored one.
    /// </summary>
    private void RestoreAfterFailedTurn()
    {
        if (_goodStateKnown && Hash(_grain.PeekState()) == _goodState)
        {
            return;
        }
        lock (_gate)
        {
            // Only this loop creates pending state, so with none pending or in flight the stored state is the good one.
            var good = _pendingState ?? _stateInFlight;
            if (good is null)
            {
                _reloadNeeded = true;
                return;
            }
            _grain.LoadState(good);
        }
    }

    // A fingerprint, not a defence: only this process compares it, against states its own grains produced.
    // XxHash128 costs a fraction of SHA-256 (8% of host CPU on the hot household, where a turn hashes ~11 KB).
    private static UInt128 Hash(string json) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(json.AsSpan()));

    private sealed record WriteBatch(List<WorkItem> Items, GrainWrite? Write, List<Task>? Dependencies);

    /// <summary>Starts the next commit when none is in flight; read-only waiters with nothing to commit are answered.</summary>
    private WriteBatch? TakeBatchLocked()
    {
        if (_commitInFlight || _waiting is null)
        {
            return null;
        }
        var items = _waiting;
        _waiting = null;
        var dependencies = _pendingDependencies;
        _pendingDependencies = null;
        GrainWrite? write = null;
        if (_pendingState is not null && _pendingEffects is not null)
        {
            write = new GrainWrite(Id, _version, _pendingState, _pendingSummary ?? new GrainSummary(), _pendingEffects.Ledger,
                _pendingEffects.Documents, _pendingEffects.DueJobs);
            _stateInFlight = _pendingState;
            _pendingEffects = null;
            _pendingState = null;
            _pendingSummary = null;
        }
        // Waiting for another grain's commit counts as a commit in flight: later calls are answered after it.
        _commitInFlight = write is not null || dependencies is not null;
        return new WriteBatch(items, write, dependencies);
    }

    private async Task CommitAsync(WriteBatch batch)
    {
        if (batch.Write is null && batch.Dependencies is null)
        {
            foreach (var item in batch.Items)
            {
                Finish(item, null);
            }
            return;
        }

        // This batch saw changes of other grains (calls answered before their commit): those come first, and if one
        // was lost, so is everything this batch built on it.
        var error = await DependenciesFailedAsync(batch.Dependencies).ConfigureAwait(false);
        if (error is null && batch.Write is not null)
        {
            try
            {
                var result = await _runtime.Committer.CommitAsync(batch.Write).ConfigureAwait(false);
                error = result.Outcome switch
                {
                    WriteOutcome.Committed => null,
                    WriteOutcome.DuplicateOperation => new DuplicateOperationException($"{Id}: {result.Detail}"),
                    _ => new GrainConflictException($"{Id}: {result.Detail ?? "version conflict"}"),
                };
            }
            catch (Exception ex)
            {
                error = new GrainConflictException($"{Id}: the commit failed", ex);
            }
        }

        List<WorkItem>? failedToo = null;
        WriteBatch? next = null;
        lock (_gate)
        {
            _commitInFlight = false;
            _stateInFlight = null;
            if (error is null)
            {
                if (batch.Write is not null)
                {
                    _version++;
                }
                next = TakeBatchLocked();
            }
            else
            {
                // Every call that ran after this batch saw state that is now lost.
                _epoch++;
                failedToo = _waiting;
                _waiting = null;
                _pendingEffects = null;
                _pendingState = null;
                _pendingSummary = null;
                _pendingDependencies = null;
                _reloadNeeded = true;
            }
        }

        foreach (var item in batch.Items)
        {
            Finish(item, error);
        }
        foreach (var item in failedToo ?? [])
        {
            Finish(item, new GrainConflictException($"{Id}: an earlier commit failed; the call had no effect", error));
        }
        if (next is not null)
        {
            _ = CommitAsync(next);
        }
    }

    private async Task<Exception?> DependenciesFailedAsync(List<Task>? dependencies)
    {
        if (dependencies is null)
        {
            return null;
        }
        try
        {
            await Task.WhenAll(dependencies).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return new GrainConflictException($"{Id}: a change of another grain this call relied on was lost", ex);
        }
    }

    private void Finish(WorkItem item, Exception? error)
    {
        lock (_gate)
        {
            _outstanding--;
        }
        if (error is null)
        {
            item.Complete();
        }
        else
        {
            item.Fail(error);
        }
    }
}
