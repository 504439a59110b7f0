using System.Diagnostics;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Search.Optimizers;
using CimSim.Search.Output;

namespace CimSim.Search;

/// <summary>
/// XPert-style two-phase co-search (docs/SEARCH.md). Phase 1 chooses every searched layer's channels and
/// peripheral structure under the area budget at fixed precision; phase 2 keeps that network and structure and
/// chooses each layer's ADC and input precision. Each optimiser in the space's budget — the surrogate-guided
/// Lagrangian dynamic programme and the evolutionary baseline — runs both phases with the same number of full
/// evaluations per phase. Every design any of them reports has been compiled and replayed by the full simulator
/// (<see cref="DesignEvaluator"/>) on a worker pool; results go to <c>results.jsonl</c> as they finish and are
/// never evaluated twice, also across <c>--resume</c>. Deterministic: the same space gives the same designs,
/// results and answer whatever the worker count.
/// </summary>
public static class CoSearch
{
    /// <summary>Runs the search.</summary>
    public static CoSearchOutcome Run(SearchSpace space, CoSearchOptions options)
    {
        var clock = Stopwatch.StartNew();
        int workers = Math.Max(1, options.Workers);
        int threads = options.CompileThreads > 0 ? options.CompileThreads : Math.Max(1, Environment.ProcessorCount / workers);
        var layerCache = options.LayerCacheBytes > 0 ? new LayerCache(options.LayerCacheBytes) : null;
        var evaluator = new DesignEvaluator(space, threads, layerCache);
        using var log = options.ResultsPath is null ? null : ResultsLog.Open(options.ResultsPath, options.Resume, space.Fingerprint);
        var pool = new EvaluationPool(evaluator.Evaluate, workers, log?.Loaded.Values);
        int loaded = log?.Loaded.Count ?? 0;
        var budget = space.Budget;

        bool comparator = space.Layers.Any(l => l.Knobs.Readouts.Any(k => k != ReadoutKind.Adc));
        // Baseline, reference (and comparator calibration), then each optimiser's two phases; the surrogate optimiser's
        // phase 1 counts the reference and calibration among its evaluations.
        int total = 2 + (comparator ? 1 : 0) + budget.Optimizers.Count * 2 * budget.Evaluations
            - (budget.Optimizers.Contains(SearchBudget.LagrangianDp) ? 1 + (comparator ? 1 : 0) : 0);
        int done = 0, simulatedAtStart = 0;
        string stage = "baseline";
        SearchJudge? judge = null;
        EvaluatedDesign? best = null;

        void Report()
        {
            if (options.Progress is null) return;
            int sim = pool.Simulated - simulatedAtStart;
            TimeSpan? eta = sim > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / Math.Max(1, done) * Math.Max(0, total - done)) : null;
            options.Progress.Report(new SearchProgress(stage, done, total, pool.Simulated, best is { Assessment.Feasible: true } ? best.Assessment.Objective : null,
                best?.Design.Key, clock.Elapsed, eta));
        }
        pool.Completed = (r, cached) =>
        {
            if (!cached) log?.Append(r, judge?.Assess(r));
            done++;
            if (judge is not null && Design.Parse(r.Key) is { } d && d.LayerNames.SequenceEqual(space.LayerNames))
            {
                var e = new EvaluatedDesign(d, r, judge.Assess(r));
                if (best is null || EvaluatedDesign.Compare(e, best) < 0) best = e;
            }
            Report();
        };

        // Stage 0: the baseline as shipped, the reference (base network on fitted tiles), and a comparator calibration.
        var reference = space.BaseDesign;
        var zero = new List<EvaluationRequest>
        {
            new(DesignResult.BaselineKey, null, "baseline"),
            EvaluationRequest.For(reference, "reference"),
        };
        Design? comparatorCalibration = null;
        if (comparator)
        {
            comparatorCalibration = new Design(space.LayerNames, space.Layers.Select(l =>
                l.Knobs.Readouts.FirstOrDefault(k => k != ReadoutKind.Adc) is var k && k != ReadoutKind.Adc
                    ? LayerChoice.Comparator(l.Base.Channels, k, space.Phase1Default(l).InputBits) : space.Phase1Default(l)).ToArray());
            zero.Add(EvaluationRequest.For(comparatorCalibration, "calibration"));
        }
        Report();
        var zeroResults = pool.Evaluate(zero, options.Cancel);
        var baseline = zeroResults[0];
        judge = new SearchJudge(space, baseline);
        var phase1Judge = new SearchJudge(space, baseline, checkSqnr: false);
        var referenceEval = new EvaluatedDesign(reference, zeroResults[1], judge.Assess(zeroResults[1]));
        best = referenceEval;
        var comparatorEval = comparatorCalibration is null ? null : new EvaluatedDesign(comparatorCalibration, zeroResults[2], judge.Assess(zeroResults[2]));

        var chain = ChainLayer.Of(space);
        var model = new SegmentCostModel(space, chain, referenceEval.Result, comparatorEval?.Result);
        var constraints = LinearConstraints.From(space);
        var start1 = new Design(space.LayerNames, space.Layers.Select(space.Phase1Default).ToArray());
        var runs = new List<OptimizerRun>();

        IReadOnlyList<EvaluatedDesign> EvaluateAll(IReadOnlyList<Design> designs, string origin, SearchJudge j)
        {
            var results = pool.Evaluate(designs.Select(d => EvaluationRequest.For(d, origin)).ToList(), options.Cancel);
            return designs.Select((d, i) => new EvaluatedDesign(d, results[i], j.Assess(results[i]))).ToList();
        }

        foreach (var optimizer in budget.Optimizers)
        {
            // Phase 1: channels and peripheral structure.
            stage = $"phase 1 {optimizer}";
            Report();
            var sw = Stopwatch.StartNew();
            OptimizerRun run1;
            if (optimizer == SearchBudget.LagrangianDp)
            {
                var calibration = new List<EvaluatedDesign> { referenceEval with { Assessment = phase1Judge.Assess(referenceEval.Result) } };
                if (comparatorEval is not null) calibration.Add(comparatorEval with { Assessment = phase1Judge.Assess(comparatorEval.Result) });
                var tables = Stopwatch.StartNew();
                // Layers are costed where they sit; the tiles before a layer depend on the answer, so the tables are
                // built at the start design's placement, then again at the answer's until it stays put (at most twice more).
                var placement = Placement.Of(space, start1);
                PhaseProblem problem;
                SurrogateOptimizer.Outcome found;
                int replays = 0;
                for (int round = 0; ; round++)
                {
                    problem = PhaseProblem.Phase1(space, chain, model, placement, threads * workers);
                    replays += problem.SegmentReplays;
                    found = SurrogateOptimizer.Run(problem, space.Objective, baseline.Metrics, constraints, start1,
                        Math.Max(1, budget.Evaluations - calibration.Count));
                    if (round == 2 || found.Finalists.Count == 0) break;
                    var next = Placement.Of(space, found.Finalists[0].Design);
                    if (next.SameAs(placement)) break;
                    placement = next;
                }
                double surrogateSeconds = tables.Elapsed.TotalSeconds;
                var evaluated = calibration.Concat(EvaluateAll(found.Finalists.Select(f => f.Design).ToList(), "lagrangian-dp/1", phase1Judge)).ToList();
                run1 = new OptimizerRun
                {
                    Optimizer = optimizer, Phase = 1, Evaluated = evaluated, Best = EvaluatedDesign.Best(evaluated), Seconds = sw.Elapsed.TotalSeconds,
                    SegmentReplays = replays, SurrogateSeconds = surrogateSeconds,
                    Predictions = found.Finalists.Select(f => (f.Design.Key, f.Predicted.Metrics)).ToList(),
                };
            }
            else
            {
                var evaluated = EvolutionaryOptimizer.Run(space, 1, start1, budget.Evaluations, budget.Population, budget.Seed,
                    g => EvaluateAll(g, "evolution/1", phase1Judge));
                run1 = new OptimizerRun { Optimizer = optimizer, Phase = 1, Evaluated = evaluated, Best = EvaluatedDesign.Best(evaluated), Seconds = sw.Elapsed.TotalSeconds };
            }
            runs.Add(run1);

            // Phase 2: precision of the phase-1 winner's layers.
            stage = $"phase 2 {optimizer}";
            Report();
            sw.Restart();
            var structure = run1.Best!.Design;
            OptimizerRun run2;
            if (optimizer == SearchBudget.LagrangianDp)
            {
                var calibration = EvaluateAll(PrecisionCalibration(space, structure), "calibration/2", judge);
                var sqnr = SqnrTable(space, structure, run1.Best.Result, calibration);
                var tables = Stopwatch.StartNew();
                var problem = PhaseProblem.Phase2(space, chain, model, structure, sqnr, judge.MinSqnrDb, threads * workers);
                int want = Math.Max(1, budget.Evaluations - calibration.Count);
                var found = SurrogateOptimizer.Run(problem, space.Objective, baseline.Metrics, constraints, structure, want);
                double surrogateSeconds = tables.Elapsed.TotalSeconds;
                var evaluated = calibration.Concat(EvaluateAll(found.Finalists.Select(f => f.Design).ToList(), "lagrangian-dp/2", judge)).ToList();
                run2 = new OptimizerRun
                {
                    Optimizer = optimizer, Phase = 2, Evaluated = evaluated, Best = EvaluatedDesign.Best(evaluated), Seconds = sw.Elapsed.TotalSeconds,
                    SegmentReplays = problem.SegmentReplays, SurrogateSeconds = surrogateSeconds,
                    Predictions = found.Finalists.Select(f => (f.Design.Key, f.Predicted.Metrics)).ToList(),
                };
            }
            else
            {
                var evaluated = EvolutionaryOptimizer.Run(space, 2, structure, budget.Evaluations, budget.Population, budget.Seed,
                    g => EvaluateAll(g, "evolution/2", judge));
                run2 = new OptimizerRun { Optimizer = optimizer, Phase = 2, Evaluated = evaluated, Best = EvaluatedDesign.Best(evaluated), Seconds = sw.Elapsed.TotalSeconds };
            }
            runs.Add(run2);
        }

        // Every design once, in first-asked order, judged on every constraint.
        var all = new List<EvaluatedDesign>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in new[] { referenceEval }.Concat(comparatorEval is null ? [] : [comparatorEval]).Concat(runs.SelectMany(r => r.Evaluated)))
            if (keys.Add(e.Design.Key)) all.Add(e with { Assessment = judge.Assess(e.Result) });
        stage = "done";
        Report();
        return new CoSearchOutcome
        {
            Space = space, Judge = judge, Baseline = baseline, Reference = all[0], Runs = runs, All = all,
            Best = EvaluatedDesign.Best(all)!, Simulated = pool.Simulated, Loaded = loaded, Seconds = clock.Elapsed.TotalSeconds,
            LayerCacheHits = layerCache?.Hits ?? 0, LayerCacheMisses = layerCache?.Misses ?? 0,
        };
    }

    /// <summary>
    /// Phase-2 calibration: <paramref name="structure"/> with every ADC layer at one ADC resolution (each value of the
    /// layers' sets in turn; a layer without it takes its nearest) and its smallest input precision — one compile
    /// measures every layer's SQNR at that resolution, since a layer's SQNR depends on its own readout only.
    /// </summary>
    public static IReadOnlyList<Design> PrecisionCalibration(SearchSpace space, Design structure)
    {
        var bits = space.Layers.SelectMany(l => l.Knobs.Readouts.Contains(ReadoutKind.Adc) ? l.Knobs.AdcBits : []).Distinct().Order().ToList();
        if (bits.Count <= 1 || !structure.Choices.Any(c => c.Readout == ReadoutKind.Adc)) return [];
        return bits.Select(b => new Design(space.LayerNames, structure.Choices.Select((c, i) =>
        {
            var k = space.Layers[i].Knobs;
            int input = k.InputBits.Min();
            return c.Readout != ReadoutKind.Adc ? c with { InputBits = input }
                : c with { AdcBits = k.AdcBits.OrderBy(x => Math.Abs(x - b)).ThenBy(x => x).First(), InputBits = input };
        }).ToArray())).ToList();
    }

    /// <summary>Estimated SQNR of a layer choice in phase 2: measured at its ADC resolution by the calibration (ADC), or the phase-1 winner's (comparators).</summary>
    private static Func<string, LayerChoice, double> SqnrTable(SearchSpace space, Design structure, DesignResult structureResult, IReadOnlyList<EvaluatedDesign> calibration)
    {
        var table = new Dictionary<(string, int), double>();
        foreach (var e in calibration)
            for (int i = 0; i < space.Layers.Count; i++)
                if (e.Design.Choices[i].Readout == ReadoutKind.Adc && e.Result.Layer(space.Layers[i].Name) is { } lo)
                    table.TryAdd((space.Layers[i].Name, e.Design.Choices[i].AdcBits), lo.SqnrDb);
        return (layer, choice) =>
        {
            if (choice.Readout == ReadoutKind.Adc && table.TryGetValue((layer, choice.AdcBits), out var v)) return v;
            var own = structure.For(layer);
            return own is not null && own.Readout == choice.Readout && (own.Readout != ReadoutKind.Adc || own.AdcBits == choice.AdcBits)
                ? structureResult.Layer(layer)?.SqnrDb ?? double.PositiveInfinity
                : double.PositiveInfinity;
        };
    }
}
