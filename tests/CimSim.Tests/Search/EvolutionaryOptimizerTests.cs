using CimSim.Search.Evaluation;
using CimSim.Search.Optimizers;
using CimSim.Search.Space;
using NUnit.Framework;

namespace CimSim.Tests.Search;

public class EvolutionaryOptimizerTests
{
    /// <summary>A stand-in evaluator (no simulation): a deterministic score from the design, feasible when its channels are small.</summary>
    private static IReadOnlyList<EvaluatedDesign> Fake(IReadOnlyList<Design> generation) => generation.Select(d =>
    {
        double latency = d.Choices.Sum(c => c.ColumnSharing * (c.AdcType == CimSim.Workloads.Mapping.AdcType.Sar ? 6 : 1) * c.InputBits + c.Channels);
        var r = new DesignResult
        {
            Key = d.Key, Origin = "test", NetworkSpec = "", ChipName = "", Tiles = 1, Metrics = new DesignMetrics(1, latency, 1),
            TopsPerW = 1, TopsPerMm2 = 1, Macs = 1, Weights = 1, Layers = [],
        };
        int channels = d.Choices.Sum(c => c.Channels);
        var a = new DesignAssessment(latency, channels > 60 ? ["too wide"] : [], Math.Max(0, channels - 60), double.PositiveInfinity, 1, 1);
        return new EvaluatedDesign(d, r, a);
    }).ToList();

    private static string[] Keys(IReadOnlyList<EvaluatedDesign> run) => run.Select(e => e.Design.Key).ToArray();

    [Test]
    public void TheSameSeedGivesTheSameRunAndAnotherSeedAnother()
    {
        var space = SearchFixtures.TinySpace();
        var start = new Design(space.LayerNames, space.Layers.Select(space.Phase1Default).ToArray());
        var a = EvolutionaryOptimizer.Run(space, 1, start, 20, 4, 11, Fake);
        var b = EvolutionaryOptimizer.Run(space, 1, start, 20, 4, 11, Fake);
        var c = EvolutionaryOptimizer.Run(space, 1, start, 20, 4, 12, Fake);
        Assert.That(Keys(b), Is.EqualTo(Keys(a)));
        Assert.That(Keys(c), Is.Not.EqualTo(Keys(a)));
        Assert.That(a, Has.Count.EqualTo(20));
        Assert.That(Keys(a), Is.Unique, "never proposes a design twice");
    }

    [Test]
    public void ItImprovesOnItsFirstGeneration()
    {
        var space = SearchFixtures.TinySpace();
        var start = new Design(space.LayerNames, space.Layers.Select(space.Phase1Default).ToArray());
        var run = EvolutionaryOptimizer.Run(space, 1, start, 40, 4, 3, Fake);
        var firstBest = EvaluatedDesign.Best(run.Take(4))!;
        var best = EvaluatedDesign.Best(run)!;
        Assert.That(EvaluatedDesign.Compare(best, firstBest), Is.LessThan(0));
    }

    [Test]
    public void PhaseTwoChangesOnlyPrecision()
    {
        var space = SearchFixtures.TinySpace();
        var start = new Design(space.LayerNames, space.Layers.Select(space.Phase1Default).ToArray());
        foreach (var e in EvolutionaryOptimizer.Run(space, 2, start, 8, 4, 5, Fake))
            for (int i = 0; i < start.Choices.Count; i++)
                Assert.That(e.Design.Choices[i] with { AdcBits = start.Choices[i].AdcBits, InputBits = start.Choices[i].InputBits }, Is.EqualTo(start.Choices[i]));
    }
}
