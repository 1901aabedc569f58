namespace Loyalty.Host.Gifts;

/// <summary>In-memory gift stock (demo run and tests) until the catalogue's GiftGrain is wired in.</summary>
public sealed class InMemoryGiftStock : IGiftStock
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (GiftItem Item, int Stock)> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CatalogItemId, int Quantity, bool Reserved, bool Released)> _decisions = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a catalogue item with its stock.</summary>
    public void Put(GiftItem item, int stock)
    {
        lock (_lock)
        {
            _items[item.CatalogItemId] = (item, stock);
        }
    }

    public int StockOf(string catalogItemId)
    {
        lock (_lock)
        {
            return _items.TryGetValue(catalogItemId, out var entry) ? entry.Stock : 0;
        }
    }

    public Task<GiftItem?> FindAsync(string catalogItemId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.TryGetValue(catalogItemId, out var entry) ? entry.Item : null);
        }
    }

    public Task<bool> ReserveAsync(string redemptionId, string catalogItemId, int quantity, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_decisions.TryGetValue(redemptionId, out var decided))
            {
                return Task.FromResult(decided.Reserved);
            }
            var reserved = _items.TryGetValue(catalogItemId, out var entry) && entry.Stock >= quantity;
            if (reserved)
            {
                _items[catalogItemId] = (entry.Item, entry.Stock - quantity);
            }
            _decisions[redemptionId] = (catalogItemId, quantity, reserved, false);
            return Task.FromResult(reserved);
        }
    }

    public Task ReleaseAsync(string redemptionId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_decisions.TryGetValue(redemptionId, out var decided) && decided.Reserved && !decided.Released
                && _items.TryGetValue(decided.CatalogItemId, out var entry))
            {
                _items[decided.CatalogItemId] = (entry.Item, entry.Stock + decided.Quantity);
                _decisions[redemptionId] = decided with { Released = true };
            }
            return Task.CompletedTask;
        }
    }
}
