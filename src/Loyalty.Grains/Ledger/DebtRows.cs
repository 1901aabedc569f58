using System.Text.Json;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains;

/// <summary>
/// Points debt made visible in a ledger: when an operation changes the debt, a row of its own follows the operation's
/// row. Debt rows move no points (the points columns still sum to the balance); their data says by how much the debt
/// changed and what it is after, and the operation's own row keeps what reached the balance.
/// </summary>
public static class DebtRows
{
    /// <summary>A refund took back points already spent (or a merge brought debt in).</summary>
    public const string Created = "points-debt";

    /// <summary>Points credited (earned, adjusted, returned, released) paid the debt before reaching the balance.</summary>
    public const string Repaid = "debt-repayment";

    /// <summary>The debt left with a merge (merge-out): owed by the survivor now, not paid.</summary>
    public const string Moved = "debt-moved";

    /// <summary>
    /// The debt row that explains a change of the debt from <paramref name="before"/> to <paramref name="after"/>
    /// around <paramref name="row"/>; none when the debt did not change, or for a tier row (the operation's own points
    /// row, written after it in the same call, carries the change).
    /// </summary>
    public static LedgerRow? After(LedgerRow row, long before, long after)
    {
        if (after == before || row.Kind == "tier")
        {
            return null;
        }
        var kind = after > before ? Created : row.Kind == "merge-out" ? Moved : Repaid;
        return new LedgerRow(row.Account, $"{row.OperationId}:debt", kind, row.At, row.StoreId, PointsAfter: row.PointsAfter,
            DataJson: JsonSerializer.Serialize(new DebtLedgerNote(row.OperationId, row.Kind, after - before, after), GrainJson.Default.DebtLedgerNote));
    }
}

/// <summary>Ledger data of a debt row: the operation that changed the debt, by how much (negative when paid) and the debt after.</summary>
public sealed record DebtLedgerNote(string OperationId, string OperationKind, long DebtDelta, long DebtAfter);
