using System.Collections;

namespace CimSim.Simulator.Replay;

/// <summary>A read-only list made by <paramref name="make"/> when first read (once, whichever thread reads it).</summary>
internal sealed class DeferredList<T>(Func<IReadOnlyList<T>> make) : IReadOnlyList<T>
{
    private readonly Lazy<IReadOnlyList<T>> _items = new(make);

    public T this[int index] => _items.Value[index];
    public int Count => _items.Value.Count;
    public IEnumerator<T> GetEnumerator() => _items.Value.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
