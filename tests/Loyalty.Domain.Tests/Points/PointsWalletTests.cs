using Loyalty.Domain.Points;

namespace Loyalty.Domain.Tests.Points;

public class PointsWalletTests
{
    private static readonly DateOnly Jan10 = new(2025, 1, 10);
    private static readonly ProgramSettings Rolling = ProgramSettings.Default; // 12-month lots, no pending days
    private static readonly ProgramSettings Held = ProgramSettings.Default with { PendingDays = 7 };

    [Fact]
    public void A_credit_pays_debt_first_then_adds_a_lot_expiring_twelve_months_later()
    {
        var wallet = new PointsWallet { Debt = 30 };

        var credit = wallet.Credit(Rolling, Jan10, 100, "c1");

        Assert.Equal(new WalletCredit(30, 70, 0), credit);
        Assert.Equal((70L, 0L, 0L), (wallet.Available, wallet.Pending, wallet.Debt));
        var lot = Assert.Single(wallet.Lots);
        Assert.Equal((Jan10, new DateOnly(2026, 1, 10), 70L), (lot.EarnedOn, lot.ExpiresOn!.Value, lot.Remaining));
    }

    [Fact]
    public void A_credit_smaller_than_the_debt_only_pays_debt()
    {
        var wallet = new PointsWallet { Debt = 100 };

        Assert.Equal(new WalletCredit(40, 0, 0), wallet.Credit(Rolling, Jan10, 40, "c1"));
        Assert.Equal((0L, 60L), (wallet.Available, wallet.Debt));
        Assert.Empty(wallet.Lots);
    }

    [Fact]
    public void With_pending_days_a_credit_waits_and_is_released_as_a_lot_expiring_from_its_earning_day()
    {
        var wallet = new PointsWallet();
        Assert.Equal(new WalletCredit(0, 0, 50), wallet.Credit(Held, Jan10, 50, "c1", earnedBy: "m1"));
        Assert.Equal((0L, 50L), (wallet.Available, wallet.Pending));
        Assert.Equal(new DateOnly(2025, 1, 17), wallet.NextRelease());

        Assert.Empty(wallet.ReleaseDue(Held, new DateOnly(2025, 1, 16)));
        var released = wallet.ReleaseDue(Held, new DateOnly(2025, 1, 17));

        Assert.Equal(50, Assert.Single(released).Points);
        Assert.Equal((50L, 0L), (wallet.Available, wallet.Pending));
        var lot = Assert.Single(wallet.Lots);
        Assert.Equal((Jan10, new DateOnly(2026, 1, 10), "m1"), (lot.EarnedOn, lot.ExpiresOn!.Value, lot.EarnedBy));
        Assert.Null(wallet.NextRelease());
    }

    [Fact]
    public void Spending_takes_the_soonest_expiring_lots_first_and_answers_what_it_took()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Rolling, new DateOnly(2025, 3, 1), 100, "b");
        wallet.Credit(Rolling, Jan10, 40, "a");

        var taken = wallet.Spend(60);

        // 40 from the January lot (expires first), 20 from the March lot.
        Assert.Equal([(Jan10, 40L), (new DateOnly(2025, 3, 1), 20L)], taken.Select(l => (l.EarnedOn, l.Remaining)));
        Assert.Equal(80, wallet.Available);
        Assert.Equal(80, Assert.Single(wallet.Lots).Remaining);
    }

    [Fact]
    public void Spending_more_than_available_is_refused_and_changes_nothing()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Rolling, Jan10, 40, "a");

        Assert.Equal(PointsWallet.InsufficientPoints, Assert.Throws<DomainException>(() => wallet.Spend(41)).Code);
        Assert.Equal((40L, 40L), (wallet.Available, wallet.Lots[0].Remaining));
    }

    [Fact]
    public void A_household_spend_can_prefer_one_members_lots()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Rolling, Jan10, 30, "a", earnedBy: "m1");
        wallet.Credit(Rolling, new DateOnly(2025, 2, 1), 50, "b", earnedBy: "m2");

        var taken = wallet.Spend(60, preferEarnedBy: "m2");

        Assert.Equal([("m2", 50L), ("m1", 10L)], taken.Select(l => (l.EarnedBy!, l.Remaining)));
        Assert.Equal(("m1", 20L), (wallet.Lots.Single().EarnedBy!, wallet.Lots.Single().Remaining));
    }

    [Fact]
    public void A_refund_takes_its_own_pending_points_first_then_available_then_owes_the_rest()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Held, Jan10, 30, "checkout-1");
        wallet.Credit(Held, Jan10, 20, "checkout-2");
        wallet.Receive([new PointsLot { EarnedOn = Jan10, ExpiresOn = new DateOnly(2026, 1, 10), Remaining = 25 }], [], null);

        var back = wallet.TakeBack(RefundPolicy.AllowDebt, 100, "checkout-1");

        // 30 pending of checkout-1, all 25 available, 45 owed; checkout-2's pending points stay.
        Assert.Equal(new WalletTakeBack(30, 25, 45), back);
        Assert.Equal(100, back.Taken);
        Assert.Equal((0L, 20L, 45L), (wallet.Available, wallet.Pending, wallet.Debt));
        Assert.Equal("checkout-2", Assert.Single(wallet.PendingLots).OperationId);
    }

    [Fact]
    public void Under_cap_at_balance_a_refund_forgives_what_was_spent()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Rolling, Jan10, 25, "c1");

        var back = wallet.TakeBack(RefundPolicy.CapAtBalance, 100, "c1");

        Assert.Equal(new WalletTakeBack(0, 25, 0), back);
        Assert.Equal((0L, 0L), (wallet.Available, wallet.Debt));
    }

    [Fact]
    public void Lots_expire_on_their_expiry_day_and_leave_the_balance()
    {
        var wallet = new PointsWallet();
        wallet.Credit(Rolling, Jan10, 40, "a");
        wallet.Credit(Rolling, new DateOnly(2025, 3, 1), 100, "b");
        Assert.Equal(new DateOnly(2026, 1, 10), wallet.NextExpiry());

        Assert.Empty(wallet.ExpireDue(new DateOnly(2026, 1, 9)));
        var expired = wallet.ExpireDue(new DateOnly(2026, 1, 10));

        Assert.Equal(40, Assert.Single(expired).Remaining);
        Assert.Equal(100, wallet.Available);
        Assert.Equal(new DateOnly(2026, 3, 1), wallet.NextExpiry());
    }

    [Fact]
    public void Putting_back_keeps_the_lots_expiry_and_makes_a_fresh_lot_for_the_unbacked_rest()
    {
        var wallet = new PointsWallet();
        var lots = new List<PointsLot> { new() { EarnedOn = Jan10, ExpiresOn = new DateOnly(2026, 1, 10), Remaining = 30 } };

        wallet.PutBack(Rolling, new DateOnly(2025, 6, 1), lots, 50);

        Assert.Equal(50, wallet.Available);
        Assert.Equal([(new DateOnly(2026, 1, 10), 30L), (new DateOnly(2026, 6, 1), 20L)],
            wallet.Lots.Select(l => (l.ExpiresOn!.Value, l.Remaining)));
    }

    [Fact]
    public void Lots_expiring_together_merge_and_never_expiring_lots_are_spent_last()
    {
        var wallet = new PointsWallet();
        wallet.Credit(ProgramSettings.Default with { ExpiryPolicy = ExpiryPolicy.Never }, Jan10, 10, "n");
        wallet.Credit(Rolling, Jan10, 20, "a");
        wallet.Credit(Rolling, Jan10, 5, "b");

        Assert.Equal(2, wallet.Lots.Count);
        Assert.Equal((new DateOnly(2026, 1, 10), 25L), (wallet.Lots[0].ExpiresOn!.Value, wallet.Lots[0].Remaining));
        Assert.Equal(((DateOnly?)null, 10L), (wallet.Lots[1].ExpiresOn, wallet.Lots[1].Remaining));
        Assert.Equal(25, wallet.Spend(25).Sum(l => l.Remaining));
        Assert.Null(Assert.Single(wallet.Lots).ExpiresOn);
    }

    [Fact]
    public void Receiving_and_taking_pending_lots_moves_them_with_their_release_days()
    {
        var pool = new PointsWallet();
        var (points, pending) = pool.Receive(
            [new PointsLot { EarnedOn = Jan10, ExpiresOn = new DateOnly(2026, 1, 10), Remaining = 40 }],
            [new PendingLot { EarnedOn = Jan10, ReleaseOn = new DateOnly(2025, 1, 17), Points = 15, OperationId = "c1" }],
            earnedBy: "m1");

        Assert.Equal((40L, 15L), (points, pending));
        Assert.Equal(("m1", "m1"), (pool.Lots[0].EarnedBy!, pool.PendingLots[0].EarnedBy!));

        var taken = pool.TakePending(l => l.EarnedBy == "m1");
        Assert.Equal(15, Assert.Single(taken).Points);
        Assert.Equal((40L, 0L), (pool.Available, pool.Pending));
    }

    [Fact]
    public void A_quote_projects_the_balance_without_changing_the_wallet()
    {
        // 500 available, 20 owed: redeem 100, earn 70 → 50 credited after the debt.
        Assert.Equal((450L, 0L), PointsWallet.Project(500, 0, 20, 100, 70, holdsPending: false));
        Assert.Equal((400L, 50L), PointsWallet.Project(500, 0, 20, 100, 70, holdsPending: true));
        Assert.Equal((400L, 0L), PointsWallet.Project(500, 0, 200, 100, 70, holdsPending: true));
    }
}
