using System.Text.RegularExpressions;
using CimSim.Search;
using NUnit.Framework;

namespace CimSim.Tests.Search;

/// <summary>A search's shared layer cache changes its speed only.</summary>
public partial class LayerCacheSearchTests
{
    [GeneratedRegex(@"""seconds"":[-0-9.eE+]+")]
    private static partial Regex Seconds();

    /// <summary>Runs the tiny space and returns its results.jsonl lines without their timings, sorted, and the outcome.</summary>
    private static (string[] Lines, CoSearchOutcome Outcome) Run(int workers, long cacheBytes)
    {
        string results = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"), "results.jsonl");
        var o = CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions
        {
            Workers = workers, CompileThreads = 1, ResultsPath = results, LayerCacheBytes = cacheBytes,
        });
        var lines = File.ReadAllLines(results).Select(l => Seconds().Replace(l, "\"seconds\":0")).Order(StringComparer.Ordinal).ToArray();
        return (lines, o);
    }

    [Test]
    public void ResultsAndBestDesignAreTheSameWithAndWithoutTheCacheWithOneOrTwoWorkers()
    {
        var (plain, plainOutcome) = Run(1, 0);
        Assert.That(plainOutcome.LayerCacheHits + plainOutcome.LayerCacheMisses, Is.Zero, "no cache");
        foreach (var (workers, bytes) in new[] { (1, CimSim.Workloads.Compilation.LayerCache.DefaultMaxBytes), (2, CimSim.Workloads.Compilation.LayerCache.DefaultMaxBytes), (2, 200_000L) })
        {
            var (lines, o) = Run(workers, bytes);
            Assert.That(lines, Is.EqualTo(plain), $"{workers} workers, {bytes} bytes");
            Assert.That(o.Best.Design.Key, Is.EqualTo(plainOutcome.Best.Design.Key));
            Assert.That(o.Best.Result.Metrics, Is.EqualTo(plainOutcome.Best.Result.Metrics));
            // A cache too small for the layers of two designs evaluated at once may find nothing, depending on which
            // worker gets there first; the results above must not depend on it.
            if (bytes == CimSim.Workloads.Compilation.LayerCache.DefaultMaxBytes) Assert.That(o.LayerCacheHits, Is.GreaterThan(0), $"{workers} workers, {bytes} bytes");
            else Assert.That(o.LayerCacheHits + o.LayerCacheMisses, Is.GreaterThan(0), $"{workers} workers, {bytes} bytes: the cache was asked");
        }
    }
}
