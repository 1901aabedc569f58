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
}
