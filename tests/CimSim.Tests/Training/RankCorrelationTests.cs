using CimSim.Cli.Commands;
using NUnit.Framework;

namespace CimSim.Tests.Training;

/// <summary>The proxy-correlation command's rank correlations against hand-computed values (with and without ties).</summary>
public class RankCorrelationTests
{
    [Test]
    public void SpearmanAndKendallMatchClosedForms()
    {
        double[] x = [1, 2, 3, 4, 5], y = [2, 1, 4, 3, 5];
        // Σd² = 4: ρ = 1 − 6·4 / (5·24) = 0.8; 2 discordant of 10 pairs: τ = (8 − 2) / 10 = 0.6.
        Assert.That(RankCorrelation.Spearman(x, y), Is.EqualTo(0.8).Within(1e-12));
        Assert.That(RankCorrelation.KendallTauB(x, y), Is.EqualTo(0.6).Within(1e-12));
        Assert.That(RankCorrelation.Spearman(x, [50, 40, 30, 20, 10]), Is.EqualTo(-1).Within(1e-12));
        Assert.That(RankCorrelation.KendallTauB(x, [0.1, 0.2, 0.3, 0.4, 9]), Is.EqualTo(1).Within(1e-12));
        // Ties: average ranks (1.5, 1.5, 3) → ρ = 1.5 / √(1.5·2); τ-b = 2 / √((3 − 1)·3).
        Assert.That(RankCorrelation.Ranks([7, 7, 9]), Is.EqualTo(new[] { 1.5, 1.5, 3 }));
        Assert.That(RankCorrelation.Spearman([1, 1, 2], [1, 2, 3]), Is.EqualTo(1.5 / Math.Sqrt(3)).Within(1e-12));
        Assert.That(RankCorrelation.KendallTauB([1, 1, 2], [1, 2, 3]), Is.EqualTo(2 / Math.Sqrt(6)).Within(1e-12));
    }
}
