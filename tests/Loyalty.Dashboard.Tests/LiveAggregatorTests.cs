using Loyalty.Host.Live;

namespace Loyalty.Dashboard.Tests;

/// <summary>From events to per-second ticks per store and for the chain, with 15 minutes of history.</summary>
public sealed class LiveAggregatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static CheckoutCommitted Checkout(string store, string id, decimal amount, bool upgraded = false) =>
        new(store, id, amount, PointsEarned: (long)amount, PointsRedeemed: 10, upgraded ? "silver" : "regular", upgraded, Start);

    [Fact]
    public void A_second_closes_into_one_tick_per_store_and_one_for_the_chain()
    {
        var aggregator = new LiveAggregator();
        aggregator.Add(Checkout("S001", "c1", 100m), Start);
        aggregator.Add(Checkout("S001", "c2", 50m, upgraded: true), Start);
        aggregator.Add(Checkout("S002", "c3", 20m), Start);
        aggregator.Add(new MemberJoined("S002", Start), Start);
        aggregator.Add(new MemberJoined(null, Start), Start);

        var ticks = aggregator.CloseSecond(Start);

        var s1 = Assert.Single(ticks, t => t.StoreId == "S001");
        Assert.Equal(new LiveTick("S001", Start, 2, 150m, 150, 20, 0, 1), s1);
        Assert.Equal(new LiveTick("S002", Start, 1, 20m, 20, 10, 1, 0), Assert.Single(ticks, t => t.StoreId == "S002"));
        Assert.Equal(new LiveTick(null, Start, 3, 170m, 170, 30, 2, 1), ticks[^1]);
        // The next second starts from zero.
        Assert.All(aggregator.CloseSecond(Start.AddSeconds(1)), t => Assert.Equal(0, t.Checkouts));
    }

    [Fact]
    public void A_repeated_checkout_id_is_counted_once()
    {
        var aggregator = new LiveAggregator();
        aggregator.Add(Checkout("S001", "same", 100m), Start);
        aggregator.Add(Checkout("S001", "same", 100m), Start.AddSeconds(3));

        Assert.Equal(1, aggregator.CloseSecond(Start)[^1].Checkouts);
        Assert.Single(aggregator.TakeUnsentCheckouts());
    }

    [Fact]
    public void A_watched_store_gets_zero_ticks_before_any_activity()
    {
        var aggregator = new LiveAggregator();
        aggregator.Watch("S009");

        Assert.Equal(new LiveTick("S009", Start, 0, 0m, 0, 0, 0, 0), Assert.Single(aggregator.CloseSecond(Start), t => t.StoreId == "S009"));
    }

    [Fact]
    public void History_keeps_the_last_fifteen_minutes_oldest_first()
    {
        var aggregator = new LiveAggregator();
        aggregator.Watch("S001");
        for (var i = 0; i < LiveAggregator.HistorySeconds + 60; i++)
        {
            aggregator.CloseSecond(Start.AddSeconds(i));
        }

        var ticks = aggregator.Store("S001")!.Snapshot().Ticks;

        Assert.Equal(900, ticks.Count);
        Assert.Equal(Start.AddSeconds(60), ticks[0].At);
        Assert.Equal(Start.AddSeconds(959), ticks[^1].At);
    }

    [Fact]
    public void Recent_checkouts_are_newest_first_and_bounded()
    {
        var aggregator = new LiveAggregator();
        for (var i = 0; i < 30; i++)
        {
            aggregator.Add(Checkout("S001", $"c{i}", 1m), Start);
        }

        var recent = aggregator.Store("S001")!.Snapshot().RecentCheckouts;

        Assert.Equal(LiveAggregator.RecentCheckouts, recent.Count);
        Assert.Equal("c29", recent[0].CheckoutId);
    }
}
