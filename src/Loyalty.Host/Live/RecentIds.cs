namespace Loyalty.Host.Live;

/// <summary>Ids seen within a time window (bounded in count too), to count a repeated checkout once.</summary>
public sealed class RecentIds(TimeSpan window, int maxCount)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>True when the id is new (and remembers it); false when it was seen within the window.</summary>
    public bool Add(string id, DateTimeOffset now)
    {
        while (_order.Count > 0 && (_order.Count >= maxCount || now - _order.Peek().At > window))
        {
            _ids.Remove(_order.Dequeue().Id);
        }
        if (!_ids.Add(id))
        {
            return false;
        }
        _order.Enqueue((id, now));
        return true;
    }
}
