namespace CimSim.Kernel;

/// <summary>
/// A bank of N identical units (ADCs, adders, ports), each free from its own busy-until time. A request that
/// is ready at time t and needs d ps takes the unit that frees earliest (ties: lowest index) and starts at
/// max(t, free time): contention shows up as waiting, not as an assumption. Requests are served in the order
/// they are made, which in an event-driven model is event order, hence deterministic.
/// </summary>
public sealed class UnitBank
{
    private readonly long[] _freeAtPs;

    public int Units => _freeAtPs.Length;
    /// <summary>Requests served.</summary>
    public long Requests { get; private set; }
    /// <summary>Total time requests waited for a free unit, ps.</summary>
    public long WaitPs { get; private set; }
    /// <summary>Time the units were busy, summed over them, ps.</summary>
    public long BusyPs { get; private set; }

    public UnitBank(int units)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), "a bank needs at least one unit");
        _freeAtPs = new long[units];
    }

    /// <summary>Reserves a unit for <paramref name="durationPs"/> from <paramref name="readyPs"/> or as soon as one frees; returns the start time.</summary>
    public long Acquire(long readyPs, long durationPs) => Acquire(readyPs, durationPs, out _);

    /// <summary>As <see cref="Acquire(long,long)"/>, also telling which unit served.</summary>
    public long Acquire(long readyPs, long durationPs, out int unit)
    {
        if (durationPs < 0) throw new ArgumentOutOfRangeException(nameof(durationPs));
        var free = _freeAtPs;
        unit = 0;
        for (int i = 1; i < free.Length; i++) if (free[i] < free[unit]) unit = i;
        long start = Math.Max(readyPs, free[unit]);
        free[unit] = start + durationPs;
        Requests++;
        WaitPs += start - readyPs;
        BusyPs += durationPs;
        return start;
    }

    /// <summary>Earliest time any unit is free.</summary>
    public long EarliestFreePs
    {
        get { long m = long.MaxValue; foreach (var f in _freeAtPs) m = Math.Min(m, f); return m; }
    }

    /// <summary>Time when every unit is free.</summary>
    public long AllFreePs
    {
        get { long m = 0; foreach (var f in _freeAtPs) m = Math.Max(m, f); return m; }
    }
}
