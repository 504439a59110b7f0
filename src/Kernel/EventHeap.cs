using System.Runtime.CompilerServices;

namespace CimSim.Kernel;

/// <summary>
/// A 4-ary min-heap of <see cref="Event"/> structs ordered by (time, priority, sequence): the far-future
/// overflow of <see cref="EventQueue"/>, and a reference ordering in tests. Grows by doubling; no allocation
/// per push or pop once warm. A 4-ary heap keeps the tree shallow (log4 n levels) and the
/// children of one node in one or two cache lines, which beats a binary heap for the small-to-medium queues
/// of hardware models.
/// </summary>
internal sealed class EventHeap
{
    private Event[] _heap;
    private int _count;

    public EventHeap(int initialCapacity = 256) => _heap = new Event[Math.Max(4, initialCapacity)];

    /// <summary>Events pending.</summary>
    public int Count => _count;

    /// <summary>Adds an event.</summary>
    public void Push(in Event e)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var heap = _heap;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!e.Precedes(heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
    }

    /// <summary>The earliest event; the queue must not be empty.</summary>
    public ref readonly Event Peek() => ref _heap[0];

    /// <summary>Removes and returns the earliest event; the queue must not be empty.</summary>
    public Event Pop()
    {
        var heap = _heap;
        var top = heap[0];
        int n = --_count;
        if (n > 0) SiftDown(heap, heap[n], n);
        return top;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SiftDown(Event[] heap, in Event moving, int n)
    {
        int i = 0;
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= n) break;
            int best = first;
            int last = Math.Min(first + 4, n);
            for (int c = first + 1; c < last; c++)
                if (heap[c].Precedes(heap[best])) best = c;
            if (!heap[best].Precedes(moving)) break;
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = moving;
    }

    /// <summary>Drops every pending event.</summary>
    public void Clear() => _count = 0;
}
