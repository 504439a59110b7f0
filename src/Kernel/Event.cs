namespace CimSim.Kernel;

/// <summary>
/// A scheduled event: a small struct, copied into the queue, never allocated. The kernel calls
/// <see cref="IEventHandler.Handle"/> of handler <see cref="Handler"/> with it at <see cref="TimePs"/>.
/// </summary>
public readonly struct Event
{
    /// <summary>When the event fires, picoseconds.</summary>
    public readonly long TimePs;
    /// <summary>Priority (lower first among events at the same time) and sequence number packed into one key.</summary>
    internal readonly long OrderKey;
    /// <summary>Id of the handler returned by <see cref="Simulation.Register"/>.</summary>
    public readonly int Handler;
    /// <summary>Handler-defined event kind.</summary>
    public readonly int Kind;
    /// <summary>Handler-defined argument.</summary>
    public readonly long Arg;

    internal Event(long timePs, long orderKey, int handler, int kind, long arg)
    {
        TimePs = timePs; OrderKey = orderKey; Handler = handler; Kind = kind; Arg = arg;
    }

    /// <summary>Priority given when scheduled (lower fires first at equal times).</summary>
    public int Priority => (int)(OrderKey >> SequenceBits) + MinPriority;
    /// <summary>Sequence number: order of scheduling, which breaks all remaining ties.</summary>
    public long Sequence => OrderKey & SequenceMask;

    internal const int SequenceBits = 47;
    internal const long SequenceMask = (1L << SequenceBits) - 1;
    /// <summary>Lowest priority value accepted.</summary>
    public const int MinPriority = -32768;
    /// <summary>Highest priority value accepted.</summary>
    public const int MaxPriority = 32767;

    /// <summary>True when this event fires before <paramref name="other"/>: by time, then priority, then sequence.</summary>
    public bool Precedes(in Event other) =>
        TimePs < other.TimePs || (TimePs == other.TimePs && OrderKey < other.OrderKey);
}

/// <summary>Something that reacts to events. Registered once with a <see cref="Simulation"/>.</summary>
public interface IEventHandler
{
    void Handle(Simulation sim, in Event e);
}
