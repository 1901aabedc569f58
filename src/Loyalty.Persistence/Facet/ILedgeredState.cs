using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>
/// A grain's persistent state with its ledger: what a grain call changes is committed, state, ledger rows, documents
/// and due jobs together and atomically, before the call is answered (<see cref="LedgeredCommitFilter"/>). Many
/// grains' commits share one storage round trip (<see cref="GroupCommitter"/>). A call that throws leaves no trace.
/// </summary>
/// <remarks>
/// Change <see cref="State"/> only inside a grain call, and say that it changed: <see cref="MarkChanged"/>, or by
/// recording a ledger row, document or due job. Do not keep references into the state across calls: a failed call
/// may replace the state object with the last good one.
/// </remarks>
public interface ILedgeredState<out TState> where TState : class
{
    TState State { get; }

    /// <summary>False until the grain's record is first created (stored, or by a call that succeeded).</summary>
    bool RecordExists { get; }

    /// <summary>The grain's key (its storage key within <see cref="LedgeredStateAttribute.StateType"/>).</summary>
    string Key { get; }

    /// <summary>The state changed in this call and must be committed before the answer.</summary>
    void MarkChanged();

    void AppendLedger(LedgerRow row);

    void WriteDocument(DocumentRow document);

    /// <summary>Sets (or with null clears) when a job is due for this grain, in the indexed due-date table.</summary>
    void Schedule(string job, DateTimeOffset? dueAt);

    /// <summary>
    /// This call acted on another grain's answer given before that grain's commit
    /// (<see cref="AnswerBeforeCommitAttribute"/>) by activation <paramref name="activationId"/>: this grain's next
    /// write waits until that activation's changes are durable, and is not made — failing its calls as a lost commit
    /// would — when they were lost. An activation in this silo that shares its durability
    /// (<see cref="LedgeredStateAttribute.SharesDurability"/>) is waited for directly; otherwise
    /// <paramref name="askTheGrain"/> (the grain's interleaving <c>AwaitDurable</c> call) is made once per write.
    /// </summary>
    void DependOn(string activationId, Func<Task> askTheGrain);

    /// <summary>
    /// Completes when everything this activation has changed so far is durable; faults when some of it was lost.
    /// For interleaving methods that answer outside callers after a pipelined turn.
    /// </summary>
    Task WhenDurable();

    /// <summary>This activation's id: a caller of an <see cref="AnswerBeforeCommitAttribute"/> method checks the
    /// durability it waits for belongs to the activation that answered.</summary>
    string ActivationId { get; }
}
