using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CimSim.Kernel;

/// <summary>
/// The kernel's pending-event set, built for hardware models, whose events are mostly a few clock cycles
/// ahead. A timing wheel of <see cref="SlotCount"/> slots, each 2^<c>slotShift</c> ps wide, holds events of the
/// near future; each slot is a linked list of its events sorted by (time, priority, sequence), and since a new
/// event nearly always sorts last in its slot, insertion is usually an append at the tail. The list nodes live
/// in one pool array with a last-in-first-out free list, so the node an event leaves is the one the next
/// scheduled event takes: the live working set is a few cache lines whatever the slot. A bitmap of non-empty
/// slots finds the next event without visiting empty slots. Events beyond the wheel's window wait in an
/// <see cref="EventHeap"/> and move into the wheel as time advances. Pops come out in exactly (time, priority,
/// sequence) order, the same as a heap's; only the cost differs.
/// </summary>
internal sealed class EventQueue
{
    /// <summary>Slots in the wheel (a power of two).</summary>
    public const int SlotCount = 1024;
    private const int SlotMask = SlotCount - 1;

    private struct Node
    {
        public Event Event;
        /// <summary>Next node of the slot's list or of the free list; 0 = none (node 0 is never used).</summary>
        public int Next;
    }

    private struct Slot
    {
        /// <summary>First and last node of the slot's list; Head 0 = empty (Tail is then stale).</summary>
        public int Head, Tail;
    }

    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly ulong[] _occupied = new ulong[SlotCount / 64];
    private Node[] _nodes = new Node[256];
    private int _nodesUsed = 1; // node 0 is the null link
    private int _free;
    /// <summary>The node of the last popped event, freed at the next pop (its event is read in place until then).</summary>
    private int _released;
    private readonly EventHeap _overflow = new();
    private readonly int _shift;
    /// <summary>Absolute slot number (time &gt;&gt; shift) the wheel starts at; all wheel events lie in [_base, _base + SlotCount).</summary>
    private long _base;
    private int _wheelCount;

    /// <param name="slotShift">log2 of a slot's width in ps; 10 (1.024 ns) suits GHz clocks. Affects speed only.</param>
    public EventQueue(int slotShift = 10)
    {
        if (slotShift is < 0 or > 40) throw new ArgumentOutOfRangeException(nameof(slotShift));
        _shift = slotShift;
    }

    /// <summary>Events pending.</summary>
    public int Count => _wheelCount + _overflow.Count;

    /// <summary>Adds an event; its time must not be earlier than the last popped event's.</summary>
    public void Push(in Event e) => Push(e.TimePs, e.OrderKey, e.Handler, e.Kind, e.Arg);

    /// <summary>Adds an event given by its fields (written straight into its node, no temporary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long timePs, long orderKey, int handler, int kind, long arg)
    {
        long slot = timePs >> _shift;
        long distance = slot - _base;
        if ((ulong)distance >= SlotCount) { PushOutsideWindow(new Event(timePs, orderKey, handler, kind, arg), distance); return; }
        int n = _free;
        if (n != 0) _free = NodeAt(n).Next;
        else n = NewNode();
        ref var node = ref NodeAt(n);
        // Event's fields are read-only to everyone else; the queue owns the node and fills it in place.
        Unsafe.AsRef(in node.Event.TimePs) = timePs;
        Unsafe.AsRef(in node.Event.OrderKey) = orderKey;
        Unsafe.AsRef(in node.Event.Handler) = handler;
        Unsafe.AsRef(in node.Event.Kind) = kind;
        Unsafe.AsRef(in node.Event.Arg) = arg;
        node.Next = 0;
        Link(n, (int)(slot & SlotMask));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushOutsideWindow(in Event e, long distance)
    {
        if (distance < 0) throw new InvalidOperationException($"event at {e.TimePs} ps is earlier than the queue's current time");
        _overflow.Push(e);
    }

    /// <summary>Appends node <paramref name="n"/> (already filled, Next = 0) to wheel slot <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Link(int n, int index)
    {
        ref var s = ref SlotAt(index);
        if (s.Head == 0)
        {
            s.Head = s.Tail = n;
            OccupiedWord(index) |= 1UL << index;
        }
        else if (!NodeAt(n).Event.Precedes(NodeAt(s.Tail).Event))
        {
            NodeAt(s.Tail).Next = n;
            s.Tail = n;
        }
        else InsertBeforeTail(ref s, n);
        _wheelCount++;
    }

    /// <summary>A free node: from the free list, else past the used ones (growing the pool; no ref into it is held).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int TakeNode()
    {
        int n = _free;
        if (n != 0) { _free = NodeAt(n).Next; return n; }
        return NewNode();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int NewNode()
    {
        if (_nodesUsed == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        return _nodesUsed++;
    }

    /// <summary>The rare case: the new event sorts before the slot's last one; walk the list from its head.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InsertBeforeTail(ref Slot s, int n)
    {
        var nodes = _nodes;
        ref readonly var e = ref nodes[n].Event;
        if (e.Precedes(nodes[s.Head].Event)) { nodes[n].Next = s.Head; s.Head = n; return; }
        int prev = s.Head;
        while (!e.Precedes(nodes[nodes[prev].Next].Event)) prev = nodes[prev].Next;
        Debug.Assert(prev != s.Tail);
        nodes[n].Next = nodes[prev].Next;
        nodes[prev].Next = n;
    }

    /// <summary>Removes and returns the earliest event; the queue must not be empty.</summary>
    public Event Pop() =>
        TryPop(long.MaxValue, out var e) ? e : throw new InvalidOperationException("event queue is empty");

    /// <summary>
    /// Removes the earliest event if the queue is not empty and the event is not later than
    /// <paramref name="untilPs"/>; one search serves both the test and the removal.
    /// </summary>
    public bool TryPop(long untilPs, out Event e)
    {
        int n = TryPopNode(untilPs);
        e = n != 0 ? NodeAt(n).Event : default;
        return n != 0;
    }

    /// <summary>
    /// As <see cref="TryPop"/>, but returns the popped event's node (0 if none) for <see cref="EventAt"/>: the
    /// event stays in place, without a copy, until the next pop, which frees its node. So a handler may read it
    /// by reference while it schedules new events.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TryPopNode(long untilPs)
    {
        if (_released != 0) { NodeAt(_released).Next = _free; _free = _released; _released = 0; }
        if (_wheelCount == 0 && !RefillFromOverflow(untilPs)) return 0;
        int index = FirstOccupiedSlot();
        ref var s = ref SlotAt(index);
        int n = s.Head;
        ref var node = ref NodeAt(n);
        if (node.Event.TimePs > untilPs) return 0;
        s.Head = node.Next;
        if (s.Head == 0) OccupiedWord(index) &= ~(1UL << index);
        _released = n;
        _wheelCount--;
        long distance = (index - _base) & SlotMask;
        if (distance != 0)
        {
            _base += distance;
            if (_overflow.Count != 0) PullOverflow();
        }
        return n;
    }

    /// <summary>The event of a node returned by <see cref="TryPopNode"/>, valid until the next pop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Event EventAt(int node) => ref NodeAt(node).Event;

    // Unchecked element access on the hot path: indices are masked slot numbers (< SlotCount) or node numbers
    // handed out by TakeNode (< _nodesUsed ≤ _nodes.Length); the asserts state it for Debug builds and tests.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Node NodeAt(int n)
    {
        Debug.Assert((uint)n < (uint)_nodesUsed);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), (nint)(uint)n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Slot SlotAt(int index)
    {
        Debug.Assert((uint)index < SlotCount);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(uint)index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong OccupiedWord(int index)
    {
        Debug.Assert((uint)index < SlotCount);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_occupied), (nint)((uint)index >> 6));
    }

    /// <summary>
    /// The earliest event, without removing it; the queue must not be empty. Peeking moves nothing, so
    /// events may still be pushed at any time not before the last popped one.
    /// </summary>
    public ref readonly Event Peek()
    {
        if (_wheelCount == 0)
        {
            if (_overflow.Count == 0) throw new InvalidOperationException("event queue is empty");
            return ref _overflow.Peek();
        }
        return ref NodeAt(SlotAt(FirstOccupiedSlot()).Head).Event;
    }

    /// <summary>Index of the earliest non-empty wheel slot (the wheel must not be empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FirstOccupiedSlot()
    {
        int start = (int)(_base & SlotMask);
        ulong word = OccupiedWord(start) & (~0UL << start);
        return word != 0 ? (start & ~63) | BitOperations.TrailingZeroCount(word) : ScanFrom(start);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ScanFrom(int start)
    {
        var occupied = _occupied;
        int w = start >> 6;
        for (int step = 1; step <= occupied.Length; step++)
        {
            int k = (w + step) & (occupied.Length - 1);
            ulong word = occupied[k];
            if (k == w) word &= (1UL << (start & 63)) - 1; // wrapped round to the start word: only slots before start
            if (word != 0) return (k << 6) | BitOperations.TrailingZeroCount(word);
        }
        throw new InvalidOperationException("event queue is empty");
    }

    /// <summary>Moves newly reachable overflow events into the wheel after its base moved forward; keeps the
    /// invariant that every overflow event lies at or beyond _base + SlotCount.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PullOverflow()
    {
        long limit = _base + SlotCount;
        while (_overflow.Count > 0 && (_overflow.Peek().TimePs >> _shift) < limit)
        {
            var e = _overflow.Pop();
            int n = TakeNode();
            ref var node = ref NodeAt(n);
            node.Event = e;
            node.Next = 0;
            Link(n, (int)((e.TimePs >> _shift) & SlotMask));
        }
    }

    /// <summary>With the wheel empty: false if nothing is pending not later than <paramref name="untilPs"/>;
    /// otherwise jumps the wheel to the first overflow event's slot (nothing lies between) and fills it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefillFromOverflow(long untilPs)
    {
        if (_overflow.Count == 0 || _overflow.Peek().TimePs > untilPs) return false;
        _base = _overflow.Peek().TimePs >> _shift;
        PullOverflow();
        Debug.Assert(_wheelCount > 0);
        return true;
    }
}
