using System.Threading.Channels;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// One grain in memory: a mailbox whose calls run one at a time in arrival order (turns), and a commit
/// pipeline. While one commit of this grain is in flight, the calls behind it keep running against the
/// in-memory state and are committed together in the next batch; no call is answered before the commit
/// that holds what it saw. A failed commit fails every call that saw the lost state and reloads it.
/// </summary>
internal sealed class Activation
{
    private readonly GrainRuntime _runtime;
    private readonly IGrainInstance _grain;
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private List<WorkItem> _waiting = [];
    private TurnEffects _pendingEffects = new();
    private string? _pendingState;
    private GrainSummary? _pendingSummary;
    private bool _reloadNeeded;
    private bool _commitInFlight;
    private int _epoch;
    private int _outstanding;
    private bool _closed;
    private long _version;

    // Touched only by the turn loop.
    private string? _snapshot;
    private int _started;

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
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _outstanding++;
            LastUsed = _runtime.Time.GetUtcNow();
        }
        _mailbox.Writer.TryWrite(item);
        if (Interlocked.CompareExchange(ref _started, 1, 0) == 0)
        {
            _ = Task.Run(RunLoopAsync);
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
        }
        _mailbox.Writer.TryComplete();
        return true;
    }

    private async Task RunLoopAsync()
    {
        var reader = _mailbox.Reader;
        if (!await TryLoadAsync().ConfigureAwait(false))
        {
            return;
        }
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                // The reload flag and the epoch are read together: a turn never runs on state a failed commit lost.
                bool reload;
                int epoch;
                lock (_gate)
                {
                    reload = _reloadNeeded;
                    epoch = _epoch;
                }
                if (reload)
                {
                    if (!await TryLoadAsync().ConfigureAwait(false))
                    {
                        Finish(item, new GrainConflictException($"{Id} could not be reloaded"));
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
    }

    private async Task<bool> TryLoadAsync()
    {
        try
        {
            var stored = await _runtime.Reader.ReadAsync(Id).ConfigureAwait(false);
            _grain.LoadState(stored?.StateJson);
            _snapshot = stored?.StateJson;
            lock (_gate)
            {
                _version = stored?.Version ?? 0;
                _reloadNeeded = false;
            }
            await _grain.OnActivateAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            // The grain cannot be loaded: fail what is queued and let the next call try a fresh activation.
            lock (_gate)
            {
                _closed = true;
            }
            _mailbox.Writer.TryComplete();
            _runtime.Forget(this);
            while (_mailbox.Reader.TryRead(out var item))
            {
                Finish(item, new GrainConflictException($"{Id} could not be loaded", ex));
            }
            return false;
        }
    }

    private async Task RunTurnAsync(WorkItem item, int epoch)
    {
        try
        {
            await item.RunAsync(_grain).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A failed turn leaves the state as the last good turn left it.
            _grain.TakeEffects();
            _grain.LoadState(_snapshot);
            Finish(item, ex);
            return;
        }

        var effects = _grain.TakeEffects();
        var changed = !effects.IsEmpty;
        GrainSummary? summary = null;
        if (changed)
        {
            _snapshot = _grain.SerializeState();
            summary = _grain.Summarize();
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
            else if (!changed && !_commitInFlight && _waiting.Count == 0)
            {
                answerNow = true;
            }
            else
            {
                _waiting.Add(item);
                if (changed)
                {
                    effects.AddTo(_pendingEffects);
                    _pendingState = _snapshot;
                    _pendingSummary = summary;
                }
                toCommit = TakeBatchLocked();
            }
        }
        if (lost is not null)
        {
            Finish(item, lost);
        }
        else if (answerNow)
        {
            Finish(item, null);
        }
        if (toCommit is not null)
        {
            _ = CommitAsync(toCommit);
        }
    }

    private sealed record WriteBatch(List<WorkItem> Items, GrainWrite? Write, int Epoch);

    /// <summary>Starts the next commit when none is in flight; read-only waiters with nothing to commit are answered.</summary>
    private WriteBatch? TakeBatchLocked()
    {
        if (_commitInFlight || _waiting.Count == 0)
        {
            return null;
        }
        var items = _waiting;
        _waiting = [];
        GrainWrite? write = null;
        if (_pendingState is not null && !_pendingEffects.IsEmpty)
        {
            write = new GrainWrite(Id, _version, _pendingState, _pendingSummary ?? new GrainSummary(), _pendingEffects.Ledger,
                _pendingEffects.Documents, _pendingEffects.DueJobs);
            _pendingEffects = new TurnEffects();
            _pendingState = null;
            _pendingSummary = null;
            _commitInFlight = true;
        }
        return new WriteBatch(items, write, _epoch);
    }

    private async Task CommitAsync(WriteBatch batch)
    {
        if (batch.Write is null)
        {
            foreach (var item in batch.Items)
            {
                Finish(item, null);
            }
            return;
        }

        Exception? error;
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

        List<WorkItem> failedToo = [];
        WriteBatch? next = null;
        lock (_gate)
        {
            _commitInFlight = false;
            if (error is null)
            {
                _version++;
                next = TakeBatchLocked();
            }
            else
            {
                // Every call that ran after this batch saw state that is now lost.
                _epoch++;
                failedToo = _waiting;
                _waiting = [];
                _pendingEffects = new TurnEffects();
                _pendingState = null;
                _pendingSummary = null;
                _reloadNeeded = true;
            }
        }

        foreach (var item in batch.Items)
        {
            Finish(item, error);
        }
        foreach (var item in failedToo)
        {
            Finish(item, new GrainConflictException($"{Id}: an earlier commit failed; the call had no effect", error));
        }
        if (next is not null)
        {
            _ = CommitAsync(next);
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
