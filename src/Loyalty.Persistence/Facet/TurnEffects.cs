using Loyalty.Persistence.Storage;

namespace Loyalty.Persistence;

/// <summary>What calls asked to commit with the state: ledger rows, documents and due jobs.</summary>
internal sealed class TurnEffects
{
    public readonly List<LedgerRow> Ledger = [];
    public readonly List<DocumentRow> Documents = [];
    public readonly List<DueJob> DueJobs = [];

    public void AddTo(TurnEffects batch)
    {
        batch.Ledger.AddRange(Ledger);
        batch.Documents.AddRange(Documents);
        // A later schedule of the same job replaces an earlier one in the same write.
        foreach (var job in DueJobs)
        {
            batch.DueJobs.RemoveAll(j => j.Job == job.Job);
            batch.DueJobs.Add(job);
        }
    }
}
