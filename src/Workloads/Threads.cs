namespace CimSim;

/// <summary>
/// The one rule for a thread count a caller leaves open: 0 (or less) means one thread per core. Never unbounded
/// (<c>MaxDegreeOfParallelism = −1</c>): the thread pool then keeps adding threads to a long CPU-bound loop (measured: a
/// load average of 18 on 2 cores during a 10,000-image accuracy run), which only makes it slower.
/// </summary>
public static class Threads
{
    /// <summary><paramref name="maxThreads"/> when positive, else the number of cores.</summary>
    public static int Resolve(int maxThreads) => maxThreads > 0 ? maxThreads : Math.Max(1, Environment.ProcessorCount);

    /// <summary>Parallel-loop options for <see cref="Resolve"/>(<paramref name="maxThreads"/>) threads.</summary>
    public static ParallelOptions Options(int maxThreads) => new() { MaxDegreeOfParallelism = Resolve(maxThreads) };
}
