using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// One turn of a member grain as its helpers see it: the state to change and what the turn records besides (ledger
/// rows, care notifications). Helpers are made per call and keep nothing, so no reference into the state outlives
/// the call.
/// </summary>
internal interface IMemberTurn
{
    MemberState State { get; }

    string MemberId { get; }

    /// <summary>Says the state changed when no ledger row or document says so.</summary>
    void Changed();

    void Ledger(LedgerRow row);

    /// <summary>Writes a care notification to the outbox in this turn's commit.</summary>
    void Notify(string kind, string operationId, object data);
}
