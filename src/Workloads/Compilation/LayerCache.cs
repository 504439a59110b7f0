namespace CimSim.Workloads.Compilation;

/// <summary>
/// A bounded, thread-safe cache of compiled crossbar layers shared by many compilations (a design search):
/// a layer's measured readout (counts, SQNR, non-zero outputs per read) and its ideal output activations, each
/// under a key that hashes everything the compiler's step for that layer reads (see
/// <see cref="LayerCacheKeys"/>), and a layer's seeded random weights, quantized, and their bit planes (the same for
/// every design that keeps the layer's shape, weight bits and mapping). A hit skips the layer's partial-sum work; the trace it gives is identical to
/// a fresh compile's, so results never depend on the cache, its size or the order in which workers fill it.
/// Least recently used entries are evicted once the cache holds more than <see cref="MaxBytes"/>.
/// <para>Cached arrays are shared between traces and compilations and must not be modified.</para>
/// </summary>
public sealed class LayerCache
{
    /// <summary>Default bound: 256 MiB (about 200 full VGG16/CIFAR-10 activation sets).</summary>
    public const long DefaultMaxBytes = 256L << 20;

    private const long EntryOverheadBytes = 96;

    private readonly object _lock = new();
    private readonly Dictionary<UInt128, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes, _hits, _misses, _evictions;

    /// <summary>A cache holding at most <paramref name="maxBytes"/> (estimated) bytes.</summary>
    public LayerCache(long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        MaxBytes = maxBytes;
    }

    /// <summary>The memory bound, in estimated bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>Crossbar layers served from the cache (their partial sums were not computed).</summary>
    public long Hits { get { lock (_lock) return _hits; } }

    /// <summary>Crossbar layers looked up and not found (computed, then stored).</summary>
    public long Misses { get { lock (_lock) return _misses; } }

    /// <summary>Entries evicted to stay within <see cref="MaxBytes"/>.</summary>
    public long Evictions { get { lock (_lock) return _evictions; } }

    /// <summary>Estimated bytes held now.</summary>
    public long Bytes { get { lock (_lock) return _bytes; } }

    /// <summary>Entries held now (readouts and activation sets).</summary>
    public int Count { get { lock (_lock) return _entries.Count; } }

    /// <summary>
    /// The cached readout under <paramref name="readoutKey"/> and activations under <paramref name="activationKey"/>,
    /// or null unless both are present (counted as a hit or a miss).
    /// </summary>
    internal (CachedReadout Readout, float[] Activations)? TryGet(UInt128 readoutKey, UInt128 activationKey)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(readoutKey, out var r) && _entries.TryGetValue(activationKey, out var a))
            {
                Touch(r);
                Touch(a);
                _hits++;
                return ((CachedReadout)r.Value.Value, (float[])a.Value.Value);
            }
            _misses++;
            return null;
        }
    }

    /// <summary>What a layer's compile can reuse beyond its readout and activations — its quantized random weights, their
    /// bit planes — under <paramref name="key"/>, or null (not counted as a layer hit or miss).</summary>
    internal T? Find<T>(UInt128 key) where T : class
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node)) return null;
            Touch(node);
            return (T)node.Value.Value;
        }
    }

    /// <summary>Keeps <paramref name="value"/> (<paramref name="bytes"/> estimated) under <paramref name="key"/>; an existing entry is kept.</summary>
    internal void Keep(UInt128 key, object value, long bytes)
    {
        lock (_lock)
        {
            Put(key, value, bytes);
            Evict();
        }
    }

    /// <summary>Stores a computed layer (both parts; an existing entry under either key is kept).</summary>
    internal void Add(UInt128 readoutKey, CachedReadout readout, UInt128 activationKey, float[] activations)
    {
        lock (_lock)
        {
            Put(readoutKey, readout, readout.EstimatedBytes);
            Put(activationKey, activations, 4L * activations.Length);
            Evict();
        }
    }

    private void Evict()
    {
        while (_bytes > MaxBytes && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            _bytes -= oldest.Value.Bytes;
            _evictions++;
        }
    }

    private void Put(UInt128 key, object value, long payloadBytes)
    {
        if (_entries.TryGetValue(key, out var existing)) { Touch(existing); return; }
        long bytes = payloadBytes + EntryOverheadBytes;
        if (bytes > MaxBytes) return;
        _entries[key] = _recency.AddFirst(new Entry(key, value, bytes));
        _bytes += bytes;
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _recency.AddFirst(node);
    }

    private sealed record Entry(UInt128 Key, object Value, long Bytes);
}
