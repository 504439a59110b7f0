using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using NUnit.Framework;

namespace CimSim.Tests.Search;

/// <summary>The evaluation pool reports a batch's results in request order whatever order its workers finish in.</summary>
public class EvaluationPoolTests
{
    private static DesignResult Result(string key) => new()
    {
        Key = key, Origin = "test", NetworkSpec = "vgg8", ChipName = "chip", Tiles = 1, Metrics = new DesignMetrics(1, 1, 1),
        TopsPerW = 1, TopsPerMm2 = 1, Macs = 1, Weights = 1, Layers = [],
    };

    [Test]
    public void ResultsAreReportedInRequestOrderWhenALaterOneFinishesFirst()
    {
        // Request 0 waits until request 1 has finished: the workers finish 1 before 0.
        using var secondDone = new ManualResetEventSlim(false);
        var pool = new EvaluationPool(r =>
        {
            if (r.Key == "a") secondDone.Wait(TimeSpan.FromSeconds(10));
            var result = Result(r.Key);
            if (r.Key == "b") secondDone.Set();
            return result;
        }, workers: 2);
        var reported = new List<string>();
        pool.Completed = (r, _) => reported.Add(r.Key);
        var results = pool.Evaluate([new("a", null, "t"), new("b", null, "t"), new("c", null, "t")]);
        Assert.That(secondDone.IsSet, Is.True, "b finished while a waited");
        Assert.That(reported, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(results.Select(r => r.Key), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void AFailedBatchStillReportsEveryFinishedResultInRequestOrder()
    {
        var pool = new EvaluationPool(r => r.Key == "a" ? throw new InvalidOperationException("a fails") : Result(r.Key), workers: 1);
        var reported = new List<string>();
        pool.Completed = (r, _) => reported.Add(r.Key);
        Assert.Throws<InvalidOperationException>(() => pool.Evaluate([new("a", null, "t"), new("b", null, "t")]));
        Assert.That(reported, Is.Empty, "with one worker nothing after the failure starts");
        using var bDone = new ManualResetEventSlim(false);
        var two = new EvaluationPool(r =>
        {
            if (r.Key == "a") { bDone.Wait(TimeSpan.FromSeconds(10)); throw new InvalidOperationException("a fails"); }
            var result = Result(r.Key);
            bDone.Set();
            return result;
        }, workers: 2);
        var reported2 = new List<string>();
        two.Completed = (r, _) => reported2.Add(r.Key);
        Assert.Throws<InvalidOperationException>(() => two.Evaluate([new("a", null, "t"), new("b", null, "t")]));
        Assert.That(reported2, Is.EqualTo(new[] { "b" }), "b finished behind the failed a and is still reported (and stored)");
    }
}
