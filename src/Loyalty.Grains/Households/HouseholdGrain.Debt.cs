using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Households;

/// <summary>
/// Every ledger row of the pool passes here: when the pool's debt differs from what the ledger last recorded, a debt
/// row (<see cref="DebtRows"/>) follows the row of the operation that changed it, in the same commit.
/// </summary>
public sealed partial class HouseholdGrain
{
    private new void AppendLedger(LedgerRow row)
    {
        base.AppendLedger(row);
        if (DebtRows.After(row, State.LedgeredDebt, State.Debt) is { } debt)
        {
            base.AppendLedger(debt);
            State.LedgeredDebt = State.Debt;
        }
    }
}
