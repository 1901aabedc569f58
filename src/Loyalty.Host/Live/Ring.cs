namespace Loyalty.Host.Live;

/// <summary>A fixed-size ring buffer: keeps the last <c>capacity</c> items, so memory per store never grows.</summary>
public sealed class Ring<T>(int capacity)
{
    private readonly T[] _items = new T[capacity];
    private int _next;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        Count = Math.Min(Count + 1, _items.Length);
    }

    /// <summary>The items, oldest first.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        var start = (_next - Count + _items.Length) % _items.Length;
        for (var i = 0; i < Count; i++)
        {
            result[i] = _items[(start + i) % _items.Length];
        }
        return result;
    }
}
