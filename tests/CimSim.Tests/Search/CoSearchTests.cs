using CimSim.Search;
using CimSim.Search.Evaluation;
using CimSim.Search.Output;
using CimSim.Search.Space;
using NUnit.Framework;

namespace CimSim.Tests.Search;

/// <summary>Whole searches on the tiny space with the full simulator (each design tens of milliseconds).</summary>
public class CoSearchTests
{
    private static string TempResults() =>
        Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"), "results.jsonl");

    /// <summary>What must not depend on how the search ran: every key with its figures, the best design, each optimiser's best.</summary>
    private static (string Best, string[] Results, string[] OptimizerBests) Fingerprint(CoSearchOutcome o) =>
        (o.Best.Design.Key,
         o.All.Select(e => $"{e.Design.Key} {e.Result.Metrics} {e.Assessment.Feasible}").Order(StringComparer.Ordinal).ToArray(),
         o.Runs.Select(r => $"{r.Optimizer}/{r.Phase}: {r.Best?.Design.Key}").ToArray());

    [Test]
    public void OneOrTwoWorkersGiveTheSameResultsAndBestDesign()
    {
        var space = SearchFixtures.TinySpace();
        var one = CoSearch.Run(space, new CoSearchOptions { Workers = 1, CompileThreads = 1 });
        var two = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1 });
        var (b1, r1, o1) = Fingerprint(one);
        var (b2, r2, o2) = Fingerprint(two);
        Assert.That(b2, Is.EqualTo(b1));
        Assert.That(r2, Is.EqualTo(r1));
        Assert.That(o2, Is.EqualTo(o1));
        Assert.That(one.All.Select(e => e.Design.Key), Is.EqualTo(two.All.Select(e => e.Design.Key)), "same proposal order");
        Assert.That(one.Best.Assessment.Feasible, Is.True);
        Assert.That(one.Runs.Select(r => (r.Optimizer, r.Phase)),
            Is.EqualTo(new[] { (SearchBudget.LagrangianDp, 1), (SearchBudget.LagrangianDp, 2), (SearchBudget.Evolution, 1), (SearchBudget.Evolution, 2) }));
        foreach (var r in one.Runs) Assert.That(r.Evaluated.Count, Is.LessThanOrEqualTo(space.Budget.Evaluations), $"{r.Optimizer} phase {r.Phase} stays in budget");
    }

    [Test]
    public void AKilledSearchResumesWithoutEvaluatingAnythingTwice()
    {
        var space = SearchFixtures.TinySpace();
        var straight = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1 });

        string results = TempResults();
        using var cancel = new CancellationTokenSource();
        int simulatedBeforeKill = 0;
        var stop = new Stop(p => { simulatedBeforeKill = p.Simulated; if (p.Simulated >= 9) cancel.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Progress = stop, Cancel = cancel.Token }));
        var firstLines = File.ReadAllLines(results);
        Assert.That(firstLines.Length, Is.EqualTo(simulatedBeforeKill), "every finished design was stored");
        Assert.That(firstLines.Length, Is.LessThan(straight.Simulated), "killed midway");

        var resumed = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true });
        var keys = File.ReadAllLines(results).Select(l => ResultJson.Read(l)!.Key).ToList();
        Assert.That(keys, Is.Unique, "no design evaluated twice");
        Assert.That(resumed.Loaded, Is.EqualTo(firstLines.Length));
        Assert.That(firstLines.Length + resumed.Simulated, Is.EqualTo(straight.Simulated), "the two runs together did the work of one");
        Assert.That(Fingerprint(resumed), Is.EqualTo(Fingerprint(straight)).Using<(string, string[], string[])>((a, b) =>
            a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2) && a.Item3.SequenceEqual(b.Item3)));
    }

    [Test]
    public void ALineCutShortByAKillIsDroppedAndItsDesignEvaluatedOnce()
    {
        var space = SearchFixtures.TinySpace();
        string results = TempResults();
        var full = CoSearch.Run(space, new CoSearchOptions { Workers = 1, CompileThreads = 1, ResultsPath = results });
        var lines = File.ReadAllLines(results);
        // Keep six whole lines and half of the seventh, as a kill during a write would.
        File.WriteAllText(results, string.Join("\n", lines.Take(6)) + "\n" + lines[6][..(lines[6].Length / 2)]);

        var resumed = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true });
        Assert.That(resumed.Loaded, Is.EqualTo(6));
        Assert.That(resumed.Simulated, Is.EqualTo(lines.Length - 6));
        var keys = File.ReadAllLines(results).Select(l => ResultJson.Read(l)!.Key).ToList();
        Assert.That(keys, Is.Unique);
        Assert.That(keys, Has.Count.EqualTo(lines.Length));
        Assert.That(resumed.Best.Design.Key, Is.EqualTo(full.Best.Design.Key));
    }

    [Test]
    public void ResumingAFinishedSearchSimulatesNothing()
    {
        var space = SearchFixtures.TinySpace();
        string results = TempResults();
        var first = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results });
        var again = CoSearch.Run(space, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true });
        Assert.That(again.Simulated, Is.Zero);
        Assert.That(again.Best.Design.Key, Is.EqualTo(first.Best.Design.Key));
        Assert.That(File.ReadAllLines(results), Has.Length.EqualTo(first.Simulated));
    }

    [Test]
    public void ResultsOfAnotherSpaceAreNotReused()
    {
        string results = TempResults();
        CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results });
        var other = SearchFixtures.TinySpace(SearchFixtures.DefaultBody.Replace("seed: 7", "seed: 8"));
        var e = Assert.Throws<InputException>(() => CoSearch.Run(other, new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true }))!;
        Assert.That(e.Message, Does.Contain("another space").And.Contain("--force"));
        Assert.That(e.Line, Is.EqualTo(1));
    }

    [Test]
    public void AResultsFileWithLinesThatAreNoResultsIsRefusedNotAppendedTo()
    {
        // It was skipped line by line, every design evaluated again and appended after the garbage.
        string results = TempResults();
        Directory.CreateDirectory(Path.GetDirectoryName(results)!);
        File.WriteAllText(results, "garbage\n{\"x\":1}\n");
        var e = Assert.Throws<InputException>(() => CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true }))!;
        Assert.That((e.File, e.Line, e.Field), Is.EqualTo((results, 1, "--resume")));
        Assert.That(e.Reason, Does.Contain("not a line of cimsim search's results"));
        Assert.That(File.ReadAllText(results), Is.EqualTo("garbage\n{\"x\":1}\n"));
    }

    [Test]
    public void AResultWithFiguresNoEvaluationGivesIsRefusedOnResume()
    {
        // A hand-edited figure reached the Pareto charts, whose log axes threw an internal error.
        string results = TempResults();
        CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results });
        var lines = File.ReadAllLines(results);
        foreach (var (field, edit) in new (string, Func<string, string>)[] { ("energy_pj", v => "-" + v), ("area_mm2", _ => "0"),
                     ("tiles", v => "-" + v), ("row_density", v => "7" + v) })
        {
            var edited = (string[])lines.Clone();
            string find = $"\"{field}\":";
            int at = Array.FindIndex(edited, l => l.Contains(find));
            int start = edited[at].IndexOf(find, StringComparison.Ordinal) + find.Length;
            int end = edited[at].IndexOfAny([',', '}'], start);
            edited[at] = edited[at][..start] + edit(edited[at][start..end]) + edited[at][end..];
            File.WriteAllLines(results, edited);
            var e = Assert.Throws<InputException>(() => CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1, ResultsPath = results, Resume = true }))!;
            Assert.That((e.File, e.Line, e.Field), Is.EqualTo((results, at + 1, "--resume")), field);
            Assert.That(e.Reason, Does.Contain(field), field);
        }
    }

    [Test]
    public void TheSurrogateGuidedSearchBeatsOrMatchesTheEvolutionaryBaselineHere()
    {
        var o = CoSearch.Run(SearchFixtures.TinySpace(), new CoSearchOptions { Workers = 2, CompileThreads = 1 });
        var dp = o.BestOf(SearchBudget.LagrangianDp)!;
        var ea = o.BestOf(SearchBudget.Evolution)!;
        Assert.That(dp.Assessment.Feasible, Is.True);
        Assert.That(EvaluatedDesign.Compare(dp, ea), Is.LessThanOrEqualTo(0), $"dp {dp.Assessment.Objective} vs evolution {ea.Assessment.Objective}");
        // The surrogate predicts what the full simulator then measures.
        foreach (var run in o.Runs.Where(r => r.Optimizer == SearchBudget.LagrangianDp))
            foreach (var (key, predicted) in run.Predictions)
            {
                var actual = run.Evaluated.Single(e => e.Design.Key == key).Result.Metrics;
                Assert.That(predicted.AreaMm2, Is.EqualTo(actual.AreaMm2).Within(0.5).Percent, key);
                Assert.That(predicted.LatencyNs, Is.EqualTo(actual.LatencyNs).Within(5).Percent, key);
                Assert.That(predicted.EnergyPj, Is.EqualTo(actual.EnergyPj).Within(5).Percent, key);
            }
    }

    private sealed class Stop(Action<SearchProgress> act) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress value) => act(value);
    }
}
