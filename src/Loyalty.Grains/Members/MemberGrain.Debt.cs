using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>
/// Every ledger row of the member passes here: when the points debt differs from what the ledger last recorded, a
/// debt row (<see cref="DebtRows"/>) follows the row of the operation that changed it, in the same commit.
/// </summary>
public sealed partial class MemberGrain
{
    private new void AppendLedger(LedgerRow row)
    {
        base.AppendLedger(row);
        if (DebtRows.After(row, State.LedgeredDebt, State.PointsDebt) is { } debt)
        {
            base.AppendLedger(debt);
            State.LedgeredDebt = State.PointsDebt;
        }
    }
}
