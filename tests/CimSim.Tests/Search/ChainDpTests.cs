using CimSim.Search.Optimizers;
using NUnit.Framework;

namespace CimSim.Tests.Search;

public class ChainDpTests
{
    private static readonly CostWeights[] Weightings =
    [
        new(1, 0, 0, 0, 0, 0),
        new(0.3, 1, 0.2, 0.05, 0, 0),
        new(1, 1, 5, 0, -0.1, -0.02),
        new(0, 0, 1, 0, 0, 0),
    ];

    [Test]
    public void OptimumEqualsBruteForceOnRandomInstances()
    {
        int compared = 0;
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var problem = SearchFixtures.RandomProblem(seed);
            var paths = SearchFixtures.AllPaths(problem).ToList();
            foreach (var w in Weightings)
            {
                var dp = ChainDp.Solve(problem, w);
                if (paths.Count == 0) { Assert.That(dp, Is.Null, $"seed {seed}"); continue; }
                double brute = paths.Min(p => w.Apply(problem.Total(p)));
                Assert.That(dp, Is.Not.Null, $"seed {seed}");
                Assert.That(dp!.Value.Value, Is.EqualTo(brute).Within(1e-9 * Math.Max(1, Math.Abs(brute))), $"seed {seed}");
                Assert.That(w.Apply(problem.Total(dp.Value.Path)), Is.EqualTo(dp.Value.Value).Within(1e-9 * Math.Max(1, Math.Abs(brute))));
                Assert.That(problem.Allowed(dp.Value.Path), Is.True);
                compared++;
            }
        }
        Assert.That(compared, Is.GreaterThan(800));
    }

    [Test]
    public void TiesGoToTheLowestIndexes()
    {
        var s = new ChainStage(1, 2, 2);   // every cost zero
        var r = ChainDp.Solve(new ChainProblem([s, new ChainStage(2, 2, 1)], default), new CostWeights(1, 1, 1, 1, 0, 0));
        Assert.That(r!.Value.Path.Key, Is.EqualTo("0|0:0,0:0"));
    }

    [Test]
    public void StagesMustChain()
    {
        var p = new ChainProblem([new ChainStage(2, 2, 1), new ChainStage(3, 1, 1)], default);
        Assert.Throws<ArgumentException>(p.Validate);
    }
}
