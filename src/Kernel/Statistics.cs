namespace CimSim.Kernel;

/// <summary>A named event counter. Increment the field on the hot path; the registry reads it for reports.</summary>
public sealed class Counter
{
    public string Name { get; }
    public long Value;
    internal Counter(string name) => Name = name;
}

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
/// An integer histogram with fixed-width bins: bin i holds values in [i·width, (i+1)·width); values at or
/// beyond the last bin go to the last bin; negative values are an error.
/// </summary>
public sealed class Histogram
{
    public string Name { get; }
    public long BinWidth { get; }
    private readonly long[] _bins;
    public long Count { get; private set; }
    public long Sum { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; } = long.MinValue;

    internal Histogram(string name, int bins, long binWidth)
    {
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins));
        if (binWidth <= 0) throw new ArgumentOutOfRangeException(nameof(binWidth));
        Name = name; BinWidth = binWidth; _bins = new long[bins];
    }

    public void Add(long value, long times = 1)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), "histogram values must be non-negative");
        long bin = Math.Min(value / BinWidth, _bins.Length - 1);
        _bins[bin] += times;
        Count += times; Sum += value * times;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    public IReadOnlyList<long> Bins => _bins;
    public double Mean => Count == 0 ? 0 : (double)Sum / Count;
}

/// <summary>
/// The statistics of one run: counters, busy times and histograms by unique name. Registration happens once
/// (outside the hot path); listings are sorted by name so reports are deterministic.
/// </summary>
public sealed class Statistics
{
    private readonly Dictionary<string, object> _byName = new(StringComparer.Ordinal);

    public Counter Counter(string name) => Get(name, () => new Counter(name));
    public BusyTime Busy(string name) => Get(name, () => new BusyTime(name));
    public Histogram Histogram(string name, int bins, long binWidth) => Get(name, () => new Histogram(name, bins, binWidth));

    private T Get<T>(string name, Func<T> make) where T : class
    {
        if (_byName.TryGetValue(name, out var existing))
            return existing as T ?? throw new InvalidOperationException($"statistic '{name}' is already registered as {existing.GetType().Name}");
        var made = make();
        _byName.Add(name, made);
        return made;
    }

    public IEnumerable<Counter> Counters => Sorted<Counter>();
    public IEnumerable<BusyTime> BusyTimes => Sorted<BusyTime>();
    public IEnumerable<Histogram> Histograms => Sorted<Histogram>();

    private IEnumerable<T> Sorted<T>() =>
        _byName.Where(kv => kv.Value is T).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (T)kv.Value);
}
