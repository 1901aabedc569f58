using System.Collections.Concurrent;

namespace Loyalty.Load;

/// <summary>
/// What the tool itself knows about one account: every receipt it got back and, for a household, the balance read
/// before its first checkout. At the end the engine must agree exactly: no lost and no doubled update.
/// </summary>
/// <remarks>
/// A member's account is checked against its ledger (balance = Σ rows, this run's rows = its receipts), which needs
/// no reading before the first checkout: on uniform traffic nearly every checkout is a member's first, and a read
/// before each would double the requests the run measures. A household has no ledger route, so its starting
/// balance is read once (one hot account, one read).
/// </remarks>
public sealed class AccountBook(string id, Func<string, Task<long?>> readBalance, long estimatedStart)
{
    private static readonly Task<long?> NotRead = Task.FromResult<long?>(null);
    private readonly Lazy<Task<long?>> _start = new(() => IsHousehold(id) ? readBalance(id) : NotRead);
    private long _delta;
    private long _redeemed;
    private long _lastBalance = -1;

    public string Id { get; } = id;

    public static bool IsHousehold(string account) => account.StartsWith("household:", StringComparison.Ordinal);

    /// <summary>A household's balance before this run touched it (every checkout waits for it first); null for members.</summary>
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
        Interlocked.Exchange(ref _lastBalance, receipt.PointsBalance);
    }

    /// <summary>
    /// What the tool believes the balance is now (for choosing how many points to redeem): a household's start plus
    /// the receipts; a member's balance on its last receipt, or the seeded opening points before the first.
    /// </summary>
    public long KnownBalance => IsHousehold(Id)
        ? (Start.IsCompletedSuccessfully ? Start.Result ?? 0 : 0) + Delta
        : Interlocked.Read(ref _lastBalance) is >= 0 and var last ? last : estimatedStart;
}

/// <summary>All accounts of the run, each created on first use.</summary>
public sealed class Bookkeeping(Func<string, Task<long?>> readBalance)
{
    private readonly ConcurrentDictionary<string, AccountBook> _books = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AccountBook> Books => (IReadOnlyCollection<AccountBook>)_books.Values;

    public AccountBook For(string id, long estimatedStart) =>
        _books.GetOrAdd(id, static (key, arg) => new AccountBook(key, arg.readBalance, arg.estimatedStart), (readBalance, estimatedStart));
}
