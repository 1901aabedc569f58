using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>What the runtime needs from a grain instance, whatever its state type.</summary>
internal interface IGrainInstance
{
    void Attach(GrainId id, GrainRuntime runtime);
    void LoadState(string? json);

    /// <summary>The state as JSON, to commit: from now on the grain exists.</summary>
    string SerializeState();

    /// <summary>The state as JSON without side effects (to tell whether a failed turn changed it).</summary>
    string PeekState();

    GrainSummary Summarize();

    /// <summary>What the turn asked to commit; null when it changed nothing.</summary>
    TurnEffects? TakeEffects();

    Task OnActivateAsync();
}

/// <summary>Effects a turn asked to commit with the state (its existence means the state changed).</summary>
internal sealed class TurnEffects
{
    public readonly List<LedgerRow> Ledger = [];
    public readonly List<DocumentRow> Documents = [];
    public readonly List<DueJob> DueJobs = [];

    public void AddTo(TurnEffects batch)
    {
        batch.Ledger.AddRange(Ledger);
        batch.Documents.AddRange(Documents);
        // A later schedule of the same job replaces an earlier one in the same batch.
        foreach (var job in DueJobs)
        {
            batch.DueJobs.RemoveAll(j => j.Job == job.Job);
            batch.DueJobs.Add(job);
        }
    }
}

/// <summary>
/// Base class of grains: state in memory, changed only inside turns. A turn that changes the state says so
/// (<see cref="MarkChanged"/>, or by recording ledger rows); the runtime commits it before the caller is answered.
/// </summary>
public abstract class Grain<TState> : IGrainInstance where TState : class, new()
{
    // Created by the first change of a turn: read-only turns allocate nothing.
    private TurnEffects? _effects;
    private GrainRuntime? _runtime;

    /// <summary>The grain's state; mutate only through the grain's own methods.</summary>
    protected TState State { get; private set; } = new();

    protected GrainId Id { get; private set; }

    protected string Key => Id.Key;

    /// <summary>References to other grains. Calls go one way only: Card → Member → Household.</summary>
    protected IGrainFactory GrainFactory => _runtime!;

    protected TimeProvider Time => _runtime!.Time;

    /// <summary>Read access to storage for rare paths (a stored receipt); writes go through the turn's effects.</summary>
    protected IGrainStorage Storage => _runtime!.Storage;

    /// <summary>True until the grain's first state is committed (the grain does not exist yet).</summary>
    protected bool IsNew { get; private set; } = true;

    /// <summary>Source-generated JSON metadata of the state (guarantee 4: everything serializable).</summary>
    protected abstract JsonTypeInfo<TState> StateJson { get; }

    /// <summary>Columns stored beside the state for reports.</summary>
    protected virtual GrainSummary Summarize() => new();

    protected virtual Task OnActivateAsync() => Task.CompletedTask;

    /// <summary>The state changed in this turn and must be committed before the answer.</summary>
    protected void MarkChanged() => _ = Effects;

    protected void AppendLedger(LedgerRow row) => Effects.Ledger.Add(row);

    protected void WriteDocument(DocumentRow document) => Effects.Documents.Add(document);

    /// <summary>Sets (or with null clears) when a job is due for this grain; stored in the indexed due-date table.</summary>
    protected void Schedule(string job, DateTimeOffset? dueAt)
    {
        Effects.DueJobs.Add(new DueJob(job, dueAt));
    }

    void IGrainInstance.Attach(GrainId id, GrainRuntime runtime)
    {
        Id = id;
        _runtime = runtime;
    }

    void IGrainInstance.LoadState(string? json)
    {
        IsNew = json is null;
        State = json is null ? new TState() : JsonSerializer.Deserialize(json, StateJson) ?? new TState();
        _effects = null;
    }

    string IGrainInstance.SerializeState()
    {
        IsNew = false;
        return JsonSerializer.Serialize(State, StateJson);
    }

    string IGrainInstance.PeekState() => JsonSerializer.Serialize(State, StateJson);

    GrainSummary IGrainInstance.Summarize() => Summarize();

    TurnEffects? IGrainInstance.TakeEffects()
    {
        var effects = _effects;
        _effects = null;
        return effects;
    }

    private TurnEffects Effects => _effects ??= new TurnEffects();

    Task IGrainInstance.OnActivateAsync() => OnActivateAsync();
}
