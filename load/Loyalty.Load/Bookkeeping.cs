using System.Collections.Concurrent;

namespace Loyalty.Load;

/// <summary>
/// What the tool itself knows about one account: the balance read before its first checkout and every receipt
/// it got back. At the end the engine must agree exactly: no lost and no doubled update.
/// </summary>
public sealed class AccountBook(string id, Func<string, Task<long?>> readBalance)
{
    private readonly Lazy<Task<long?>> _start = new(() => readBalance(id));
    private long _delta;
    private long _redeemed;

    public string Id { get; } = id;

    /// <summary>The balance before this run touched the account; every checkout waits for it first.</summary>
    public Task<long?> Start => _start.Value;

    public long Delta => Interlocked.Read(ref _delta);

    public ConcurrentDictionary<string, long> Receipts { get; } = new(StringComparer.Ordinal);

    /// <summary>A checkout whose outcome stayed unknown after retries; resolved before verification.</summary>
    public ConcurrentBag<CheckoutBody> Unresolved { get; } = [];

    public void Record(ReceiptLite receipt)
    {
        // A retried checkout answers the first receipt again: count it once.
        if (Receipts.TryAdd(receipt.CheckoutId, receipt.PointsEarned - receipt.PointsRedeemed))
        {
            Interlocked.Add(ref _delta, receipt.PointsEarned - receipt.PointsRedeemed);
            Interlocked.Add(ref _redeemed, receipt.PointsRedeemed);
        }
    }

    /// <summary>What the tool believes the balance is now (for choosing how many points to redeem).</summary>
    public long KnownBalance => (Start.IsCompletedSuccessfully ? Start.Result ?? 0 : 0) + Delta;
}

/// <summary>All accounts of the run, each created (and its start balance read) on first use.</summary>
public sealed class Bookkeeping(Func<string, Task<long?>> readBalance)
{
    private readonly ConcurrentDictionary<string, AccountBook> _books = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AccountBook> Books => (IReadOnlyCollection<AccountBook>)_books.Values;

    public AccountBook For(string id) => _books.GetOrAdd(id, key => new AccountBook(key, readBalance));
}
