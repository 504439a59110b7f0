namespace CimSim.Kernel;

/// <summary>Accumulated busy time of a resource, picoseconds.</summary>
public sealed class BusyTime
{
    public string Name { get; }
    public long BusyPs;
    internal BusyTime(string name) => Name = name;
    /// <summary>Busy fraction over <paramref name="elapsedPs"/> (0 when nothing elapsed).</summary>
    public double Utilisation(long elapsedPs) => elapsedPs <= 0 ? 0 : (double)BusyPs / elapsedPs;
}

/// <summary>
/// The busy times of one run's resources (<see cref="UnitBank"/>s), by unique name. Registration happens once,
/// outside the hot path; the listing is sorted by name so reports are deterministic.
/// </summary>
public sealed class Statistics
{
    private readonly Dictionary<string, BusyTime> _byName = new(StringComparer.Ordinal);

    /// <summary>The busy time registered as <paramref name="name"/>, registering it on first use.</summary>
    public BusyTime Busy(string name)
    {
        if (!_byName.TryGetValue(name, out var busy)) _byName.Add(name, busy = new BusyTime(name));
        return busy;
    }

    /// <summary>Every busy time, by name.</summary>
    public IEnumerable<BusyTime> BusyTimes => _byName.Values.OrderBy(b => b.Name, StringComparer.Ordinal);
}
