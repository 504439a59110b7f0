using System.Numerics;
using System.Runtime.CompilerServices;

namespace CimSim.Kernel;

/// <summary>
/// The kernel's pending-event set, built for hardware models, whose events are mostly a few clock cycles
/// ahead. A timing wheel of <see cref="SlotCount"/> slots, each 2^<c>slotShift</c> ps wide, holds events of the
/// near future; each slot keeps its events sorted by (time, priority, sequence), and since a new event
/// nearly always sorts last in its slot, insertion is usually an append. A bitmap of non-empty slots finds the
/// next event without visiting empty slots. Events beyond the wheel's window wait in an <see cref="EventHeap"/>
/// and move into the wheel as time advances. Pops come out in exactly (time, priority, sequence) order, the
/// same as a heap's; only the cost differs.
/// </summary>
public sealed class EventQueue
{
    /// <summary>Slots in the wheel (a power of two).</summary>
    public const int SlotCount = 1024;
    private const int SlotMask = SlotCount - 1;

    private struct Slot
    {
        public Event[] Items;
        public int Head;
        public int Count;
    }

    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly ulong[] _occupied = new ulong[SlotCount / 64];
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
    public void Push(in Event e)
    {
        long slot = e.TimePs >> _shift;
        if (slot - _base >= SlotCount) { _overflow.Push(e); return; }
        if (slot < _base) throw new InvalidOperationException("event earlier than the queue's current time");
        InsertIntoWheel(e, (int)(slot & SlotMask));
    }

    private void InsertIntoWheel(in Event e, int index)
    {
        ref var s = ref _slots[index];
        if (s.Items is null) s.Items = new Event[8];
        if (s.Count == 0) { s.Head = 0; _occupied[index >> 6] |= 1UL << index; }
        else if (s.Head + s.Count == s.Items.Length)
        {
            if (s.Head > 0) { Array.Copy(s.Items, s.Head, s.Items, 0, s.Count); s.Head = 0; }
            else Array.Resize(ref s.Items, s.Items.Length * 2);
        }
        var items = s.Items;
        int i = s.Head + s.Count;
        // Shift later events right until e's place is found: usually zero steps.
        while (i > s.Head && e.Precedes(items[i - 1])) { items[i] = items[i - 1]; i--; }
        items[i] = e;
        s.Count++;
        _wheelCount++;
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
        if (_wheelCount == 0)
        {
            if (_overflow.Count == 0 || _overflow.Peek().TimePs > untilPs) { e = default; return false; }
            RefillFromOverflow();
        }
        int index = FirstOccupiedSlot();
        ref var s = ref _slots[index];
        e = s.Items[s.Head];
        if (e.TimePs > untilPs) return false;
        long distance = (index - _base) & SlotMask;
        s.Head++;
        if (--s.Count == 0) _occupied[index >> 6] &= ~(1UL << index);
        _wheelCount--;
        if (distance != 0)
        {
            _base += distance;
            if (_overflow.Count != 0) PullOverflow();
        }
        return true;
    }

    /// <summary>
    /// The earliest event, without removing it; the queue must not be empty. Peeking moves nothing, so
    /// events may still be pushed at any time not before the last popped one.
    /// </summary>
    public ref readonly Event Peek()
    {
        if (_wheelCount == 0) return ref _overflow.Peek();
        ref var s = ref _slots[FirstOccupiedSlot()];
        return ref s.Items[s.Head];
    }

    /// <summary>Index of the earliest non-empty wheel slot (the wheel must not be empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FirstOccupiedSlot()
    {
        int start = (int)(_base & SlotMask);
        ulong word = _occupied[start >> 6] & (~0UL << start);
        return word != 0 ? ((start >> 6) << 6) | BitOperations.TrailingZeroCount(word) : ScanFrom(start);
    }

    private int ScanFrom(int start)
    {
        int words = _occupied.Length;
        int w = start >> 6;
        for (int step = 1; step <= words; step++)
        {
            int k = (w + step) & (words - 1);
            ulong word = _occupied[k];
            if (k == w) word &= (1UL << (start & 63)) - 1; // wrapped round to the start word: only slots before start
            if (word != 0) return (k << 6) | BitOperations.TrailingZeroCount(word);
        }
        throw new InvalidOperationException("event queue is empty");
    }

    /// <summary>Moves newly reachable overflow events into the wheel after its base moved forward; keeps the
    /// invariant that every overflow event lies at or beyond _base + SlotCount.</summary>
    private void PullOverflow()
    {
        long limit = _base + SlotCount;
        while (_overflow.Count > 0 && (_overflow.Peek().TimePs >> _shift) < limit)
        {
            var e = _overflow.Pop();
            InsertIntoWheel(e, (int)((e.TimePs >> _shift) & SlotMask));
        }
    }

    private void RefillFromOverflow()
    {
        if (_overflow.Count == 0) throw new InvalidOperationException("event queue is empty");
        long first = _overflow.Peek().TimePs >> _shift;
        // Jump straight to the first overflow event's slot: nothing lies between.
        _base = first;
        PullOverflow();
    }
}
