using System.Text.Json;
using Loyalty.Grains;
using Loyalty.Persistence.Storage;

namespace Loyalty.Host.Apis;

/// <summary>
/// The member ledger's figures that live in a row's data rather than its columns: the stored-value part of a checkout
/// or refund (the money is on the card's ledger; the member's columns reconcile with the member's own balances), and
/// the debt change of a debt row.
/// </summary>
public static class MemberLedgerRows
{
    public static LedgerEntryResponse Entry(LedgerEntry e) => new(e.Sequence, e.Row.OperationId, e.Row.Kind, e.Row.At, e.Row.StoreId,
        e.Row.PointsDelta, e.Row.PendingDelta, e.Row.SpendDelta, e.Row.StoredValueDelta, e.Row.BonusDelta, e.Row.PointsAfter,
        e.Row.StoredValueAfter, e.Row.DataJson, StoredValueAmount(e.Row), Debt(e.Row)?.DebtDelta ?? 0, Debt(e.Row)?.DebtAfter);

    /// <summary>Stored value the operation moved, from the member's side: a checkout paid from it (negative), a refund gave back to it.</summary>
    private static decimal StoredValueAmount(LedgerRow row) => row.DataJson is not { } data ? 0 : row.Kind switch
    {
        "checkout" => -(JsonSerializer.Deserialize(data, GrainJson.Default.CheckoutLedgerNote)?.StoredValueCharged ?? 0),
        "refund" => JsonSerializer.Deserialize(data, GrainJson.Default.RefundLedgerNote)?.StoredValueRefunded ?? 0,
        _ => 0,
    };

    private static DebtLedgerNote? Debt(LedgerRow row) => row.DataJson is { } data && row.Kind is DebtRows.Created or DebtRows.Repaid or DebtRows.Moved
        ? JsonSerializer.Deserialize(data, GrainJson.Default.DebtLedgerNote)
        : null;
}
