using Loyalty.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Persistence;

/// <summary>
/// Base of grains whose state is ledgered: the state, its existence, the clock and the ledger/document/due-job
/// recording of <see cref="ILedgeredState{TState}"/>, at hand. Every call is committed by
/// <see cref="LedgeredCommitFilter"/> before it is answered; a call that throws changes nothing.
/// </summary>
public abstract class LedgeredGrain<TState>(ILedgeredState<TState> persistence) : Grain where TState : class
{
    private TimeProvider? _time;
    private ILedgerStore? _storage;

    /// <summary>The grain's state; mutate it only through the grain's own methods, inside a call.</summary>
    protected TState State => persistence.State;

    protected string Key => persistence.Key;

    /// <summary>True until the grain's record is first created.</summary>
    protected bool IsNew => !persistence.RecordExists;

    /// <summary>The engine's clock (tests control it); not Orleans' own timers' clock.</summary>
    protected TimeProvider Time => _time ??= ServiceProvider.GetRequiredService<TimeProvider>();

    /// <summary>Read access to storage for rare paths (a stored receipt); writes go through the call's effects.</summary>
    protected ILedgerStore Storage => _storage ??= ServiceProvider.GetRequiredService<ILedgerStore>();

    protected void MarkChanged() => persistence.MarkChanged();

    protected void AppendLedger(LedgerRow row) => persistence.AppendLedger(row);

    protected void WriteDocument(DocumentRow document) => persistence.WriteDocument(document);

    /// <summary>Sets (or with null clears) when a job is due for this grain; stored in the indexed due-date table.</summary>
    protected void Schedule(string job, DateTimeOffset? dueAt) => persistence.Schedule(job, dueAt);

    /// <summary>This call acted on an answer given before its grain's commit: this grain's write waits for it.</summary>
    protected void DependOn(string activationId, Func<Task> askTheGrain) => persistence.DependOn(activationId, askTheGrain);

    /// <summary>Completes when everything this activation changed so far is durable (for interleaving methods).</summary>
    protected Task WhenDurable() => persistence.WhenDurable();

    /// <summary>Names this activation to callers of a method answered before its commit.</summary>
    protected string ActivationId => persistence.ActivationId;

    /// <summary>
    /// What an interleaving <c>AwaitDurable</c> method answers: the caller's dependency on a change this activation
    /// answered before committing. A newer activation cannot vouch for it (the change may have died with the old one).
    /// </summary>
    protected Task DurableFor(string activationId) => activationId == persistence.ActivationId
        ? persistence.WhenDurable()
        : Task.FromException(new GrainConflictException($"{persistence.Key}: reactivated since it answered; its change may be lost"));
}
