namespace CimSim.Kernel;

/// <summary>
/// A FIFO with a fixed capacity and back-pressure. A producer that finds it full registers to be woken
/// (an event to its handler) when a slot frees; a consumer that finds it empty registers to be woken when
/// an item arrives. Wake-ups are events at the current time, in registration order.
/// </summary>
public sealed class BoundedFifo<T>
{
    private readonly T[] _items;
    private int _head, _count;
    private readonly Queue<(int Handler, int Kind)> _waitingForSpace = new();
    private readonly Queue<(int Handler, int Kind)> _waitingForData = new();
    private readonly Simulation _sim;

    public string Name { get; }
    public int Capacity => _items.Length;
    public int Count => _count;
    public bool IsFull => _count == _items.Length;
    public bool IsEmpty => _count == 0;
    /// <summary>Times a producer found the queue full.</summary>
    public long FullStalls { get; private set; }
    /// <summary>Largest occupancy seen.</summary>
    public int HighWater { get; private set; }

    public BoundedFifo(Simulation sim, string name, int capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be positive");
        _sim = sim; Name = name; _items = new T[capacity];
    }

    /// <summary>
    /// Appends <paramref name="item"/> if there is room and returns true (waking one waiting consumer).
    /// Otherwise returns false and, when <paramref name="wakeHandler"/> ≥ 0, wakes that handler with
    /// <paramref name="wakeKind"/> once a slot frees.
    /// </summary>
    public bool TryEnqueue(T item, int wakeHandler = -1, int wakeKind = 0)
    {
        if (IsFull)
        {
            FullStalls++;
            if (wakeHandler >= 0) _waitingForSpace.Enqueue((wakeHandler, wakeKind));
            return false;
        }
        _items[(_head + _count) % _items.Length] = item;
        _count++;
        if (_count > HighWater) HighWater = _count;
        if (_waitingForData.TryDequeue(out var w)) _sim.Schedule(_sim.NowPs, w.Handler, w.Kind);
        return true;
    }

    /// <summary>
    /// Removes the oldest item if any (waking one waiting producer). When empty returns false and, when
    /// <paramref name="wakeHandler"/> ≥ 0, wakes that handler once an item arrives.
    /// </summary>
    public bool TryDequeue(out T item, int wakeHandler = -1, int wakeKind = 0)
    {
        if (IsEmpty)
        {
            item = default!;
            if (wakeHandler >= 0) _waitingForData.Enqueue((wakeHandler, wakeKind));
            return false;
        }
        item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        if (_waitingForSpace.TryDequeue(out var w)) _sim.Schedule(_sim.NowPs, w.Handler, w.Kind);
        return true;
    }
}
