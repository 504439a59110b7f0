using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CimSim.Kernel;

/// <summary>
/// The discrete-event kernel. Time is an integer count of picoseconds. Events fire in (time, priority,
/// sequence) order, so a run is a pure function of what was scheduled: deterministic by construction.
/// Handlers are registered once and addressed by integer id; scheduling copies a small struct into the pending-event set (docs/KERNEL.md).
/// </summary>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();
    private IEventHandler[] _handlers = new IEventHandler[16];
    private int _handlerCount;
    private long _nextSequence;
    private bool _stopRequested;

    /// <summary>Current simulated time, picoseconds.</summary>
    public long NowPs { get; private set; }
    /// <summary>Events handled so far.</summary>
    public long EventsProcessed { get; private set; }
    /// <summary>Events waiting.</summary>
    public int Pending => _queue.Count;

    /// <summary>Registers a handler and returns its id for <see cref="Schedule"/>.</summary>
    public int Register(IEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_handlerCount == _handlers.Length) Array.Resize(ref _handlers, _handlers.Length * 2);
        _handlers[_handlerCount] = handler;
        return _handlerCount++;
    }

    /// <summary>Schedules an event for <paramref name="handler"/> at absolute time <paramref name="timePs"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is in the past, the handler unknown, or the priority out of range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(long timePs, int handler, int kind = 0, long arg = 0, int priority = 0)
    {
        // One well-predicted branch for all three checks; the throw lives out of line.
        if ((timePs < NowPs) | ((uint)handler >= (uint)_handlerCount) | ((uint)(priority - Event.MinPriority) > PriorityRange))
            ThrowBadSchedule(timePs, handler, priority);
        long key = ((long)(priority - Event.MinPriority) << Event.SequenceBits) | (_nextSequence++ & Event.SequenceMask);
        _queue.Push(timePs, key, handler, kind, arg);
    }

    /// <summary>
    /// Schedules an event whose order among events of the same time and priority is given by
    /// <paramref name="key"/> (0 ≤ key &lt; 2^47) instead of by when it was scheduled. A model whose events have a
    /// natural identity (layer, vector) uses it so that equal-time events fire in the same order however they
    /// came to be scheduled. Keys must not repeat among pending events of equal time and priority.
    /// </summary>
    public void ScheduleKeyed(long timePs, int handler, int kind, long arg, int priority, long key)
    {
        if ((ulong)key > (ulong)Event.SequenceMask) throw new ArgumentOutOfRangeException(nameof(key));
        if ((timePs < NowPs) | ((uint)handler >= (uint)_handlerCount) | ((uint)(priority - Event.MinPriority) > PriorityRange))
            ThrowBadSchedule(timePs, handler, priority);
        _queue.Push(timePs, ((long)(priority - Event.MinPriority) << Event.SequenceBits) | key, handler, kind, arg);
    }

    private const uint PriorityRange = Event.MaxPriority - Event.MinPriority;

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadSchedule(long timePs, int handler, int priority)
    {
        if (timePs < NowPs) throw new ArgumentOutOfRangeException(nameof(timePs), $"event at {timePs} ps is before now ({NowPs} ps)");
        if ((uint)handler >= (uint)_handlerCount) throw new ArgumentOutOfRangeException(nameof(handler), $"no handler {handler} is registered");
        throw new ArgumentOutOfRangeException(nameof(priority), $"priority {priority} is outside [{Event.MinPriority}, {Event.MaxPriority}]");
    }

    /// <summary>Schedules an event <paramref name="delayPs"/> after now.</summary>
    public void ScheduleIn(long delayPs, int handler, int kind = 0, long arg = 0, int priority = 0) =>
        Schedule(NowPs + delayPs, handler, kind, arg, priority);

    /// <summary>Asks <see cref="Run"/> to return after the event being handled.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>
    /// Handles events in order until the queue is empty, the next event is later than
    /// <paramref name="untilPs"/>, <paramref name="maxEvents"/> events have been handled in this call, or a
    /// handler calls <see cref="Stop"/>. Returns the number handled in this call.
    /// </summary>
    public long Run(long untilPs = long.MaxValue, long maxEvents = long.MaxValue)
    {
        _stopRequested = false;
        long handled = 0;
        var queue = _queue;
        int node;
        // The handler reads its event in place, in the queue's node, which stays untouched until the next pop
        // (so Run must not be called from inside a handler).
        while (handled < maxEvents && (node = queue.TryPopNode(untilPs)) != 0)
        {
            ref readonly var e = ref queue.EventAt(node);
            NowPs = e.TimePs;
            handled++;
            _handlers[e.Handler].Handle(this, in e);
            if (_stopRequested) break;
        }
        EventsProcessed += handled;
        return handled;
    }
}
