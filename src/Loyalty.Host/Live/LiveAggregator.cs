using System.Collections.Concurrent;

namespace Loyalty.Host.Live;

/// <summary>
/// Turns dashboard events into per-second ticks for every known store and the chain. No I/O and no clock of its
/// own: the <see cref="DashboardPusher"/> feeds it events and says when a second ends, which keeps it testable.
/// Events are counted in the second they arrive, not the second they carry, so a tick is final when sent.
/// </summary>
public sealed class LiveAggregator
{
    /// <summary>15 minutes of per-second ticks per store and for the chain.</summary>
    public const int HistorySeconds = 15 * 60;
    public const int RecentCheckouts = 20;

    /// <summary>Bounds memory if an admin subscribes to many made-up store ids.</summary>
    public const int MaxStores = 10_000;

    private readonly ConcurrentDictionary<string, LiveScope> _stores = new(StringComparer.Ordinal);
    private readonly RecentIds _seenCheckouts = new(TimeSpan.FromSeconds(HistorySeconds), maxCount: 200_000);
    private readonly Queue<LiveCheckout> _unsent = new();

    public LiveScope Chain { get; } = new(null, HistorySeconds, RecentCheckouts);

    /// <summary>Makes sure a store gets ticks (zeros included) from now on, e.g. because a dashboard watches it.</summary>
    public LiveScope? Watch(string storeId) =>
        _stores.TryGetValue(storeId, out var scope) ? scope
        : _stores.Count >= MaxStores ? null
        : _stores.GetOrAdd(storeId, id => new LiveScope(id, HistorySeconds, RecentCheckouts));

    public LiveScope? Store(string storeId) => _stores.GetValueOrDefault(storeId);

    public void Add(DashboardEvent item, DateTimeOffset now)
    {
        switch (item)
        {
            case CheckoutCommitted checkout:
                // A repeated checkout id gets its first receipt back; it was counted already.
                if (!_seenCheckouts.Add(checkout.CheckoutId, now))
                {
                    return;
                }
                Watch(checkout.StoreId)?.Count(checkout);
                Chain.Count(checkout);
                var message = new LiveCheckout(checkout.StoreId, checkout.CheckoutId, checkout.Amount, checkout.Tier, checkout.At);
                _unsent.Enqueue(message);
                if (_unsent.Count > RecentCheckouts * 10)
                {
                    // Only the latest are shown; older ones still count in the ticks.
                    _unsent.Dequeue();
                }
                break;
            case MemberJoined joined:
                if (joined.StoreId is not null)
                {
                    Watch(joined.StoreId)?.Count(joined);
                }
                Chain.Count(joined);
                break;
        }
    }

    /// <summary>Ends the second starting at <paramref name="second"/>: one tick per known store, then the chain's.</summary>
    public List<LiveTick> CloseSecond(DateTimeOffset second)
    {
        var ticks = new List<LiveTick>(_stores.Count + 1);
        foreach (var scope in _stores.Values)
        {
            ticks.Add(scope.Close(second));
        }
        ticks.Add(Chain.Close(second));
        return ticks;
    }

    /// <summary>Checkouts not yet pushed, oldest first.</summary>
    public List<LiveCheckout> TakeUnsentCheckouts()
    {
        var taken = _unsent.ToList();
        _unsent.Clear();
        return taken;
    }
}
