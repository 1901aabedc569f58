using System.Text.Json;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Tests.Ledger;

/// <summary>The debt row that follows an operation which changed a points debt: its kind, amounts and data.</summary>
public sealed class DebtRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static LedgerRow Row(string kind, string operationId = "op-1", long pointsAfter = 584) =>
        new("member:m-1", operationId, kind, At, "S001", PointsDelta: 584, PointsAfter: pointsAfter);

    private static DebtLedgerNote Note(LedgerRow row) => JsonSerializer.Deserialize(row.DataJson!, GrainJson.Default.DebtLedgerNote)!;

    [Fact]
    public void A_credit_that_pays_debt_is_followed_by_a_repayment_row_that_moves_no_points()
    {
        // +1,000 with 416 owed: 584 reached the balance, the debt went 416 → 0.
        var row = DebtRows.After(Row("adjustment"), before: 416, after: 0)!;

        Assert.Equal(("member:m-1", "op-1:debt", DebtRows.Repaid, "S001", At), (row.Account, row.OperationId, row.Kind, row.StoreId, row.At));
        Assert.Equal((0L, 0L, 584L), (row.PointsDelta, row.PendingDelta, row.PointsAfter));
        Assert.Equal(new DebtLedgerNote("op-1", "adjustment", -416, 0), Note(row));
    }

    [Fact]
    public void A_refund_that_creates_debt_and_a_merge_that_hands_it_over_have_their_own_kinds()
    {
        var created = DebtRows.After(Row("refund", "rf-1", pointsAfter: 0), before: 100, after: 900)!;
        Assert.Equal((DebtRows.Created, "rf-1:debt"), (created.Kind, created.OperationId));
        Assert.Equal(new DebtLedgerNote("rf-1", "refund", 800, 900), Note(created));

        var moved = DebtRows.After(Row("merge-out", "merge:x"), before: 900, after: 0)!;
        Assert.Equal(DebtRows.Moved, moved.Kind);
        Assert.Equal(-900, Note(moved).DebtDelta);
    }

    [Fact]
    public void No_row_when_the_debt_did_not_change_or_for_a_tier_row()
    {
        Assert.Null(DebtRows.After(Row("checkout"), before: 300, after: 300));
        // The refund's own points row, appended after its tier row, carries the change.
        Assert.Null(DebtRows.After(Row("tier"), before: 0, after: 800));
    }
}
