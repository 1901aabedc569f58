namespace Loyalty.Grains.Members;

/// <summary>
/// The answers of an activation's last few operations by id (receipts, refunds, points operations), not persisted: a
/// repeat is answered without a database read, even while the original is still being committed. Older repeats read
/// the stored document.
/// </summary>
internal sealed class RecentAnswers<T>(int capacity) where T : class
{
    private readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public T? Find(string id) => _byId.GetValueOrDefault(id);

    public void Remember(string id, T answer)
    {
        if (!_byId.TryAdd(id, answer))
        {
            _byId[id] = answer;
            return;
        }
        _order.Enqueue(id);
        while (_order.Count > capacity)
        {
            _byId.Remove(_order.Dequeue());
        }
    }
}
