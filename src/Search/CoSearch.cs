using System.Diagnostics;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Search.Optimizers;
using CimSim.Search.Output;
using CimSim.Search.Accuracy;

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
        string? outDir = options.OutputDirectory ?? (options.ResultsPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(options.ResultsPath)));
        using var oracle = space.Accuracy is null ? null
            : new AccuracyOracle(space, options.Trainer, outDir, options.Resume, threads * workers, options.Cancel) { Progress = options.Notes };
        // The baseline's training is needed only before phase 2: it runs on a thread of its own from here on.
        oracle?.TrainAhead(space.NetworkSpec);
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
        SearchJudge? hardwareJudge = null;
        double proxyFloor = 0;
        double? baseAccuracy = null;
        double? proxyMacsFloor = null;
        if (oracle is not null)
        {
            // Phase 1 filters networks by the proxy; phase 2 and the verdict also need the trained baseline's accuracy
            // (the verdict checks both: the answer's network must have passed phase 1's filter). Until phase 2 measures
            // that accuracy, no design's is known: the judge says so.
            stage = "proxy";
            Report();
            proxyFloor = oracle.ProxyFloor;
            phase1Judge = new SearchJudge(space, baseline, checkSqnr: false, new AccuracyCheck(oracle.Proxy, proxyFloor, null, 0));
            hardwareJudge = judge;
            judge = new SearchJudge(space, baseline, true, new AccuracyCheck(oracle.Proxy, proxyFloor, _ => null, 0));
        }
        void MeasureBaseline()
        {
            if (oracle is null || baseAccuracy is not null) return;
            stage = "baseline accuracy";
            Report();
            double measured = oracle.Measure(DesignResult.BaselineKey, null, test: false);
            baseAccuracy = measured;
            judge = new SearchJudge(space, baseline, true,
                new AccuracyCheck(oracle.Proxy, proxyFloor, k => oracle.Known(AccuracyOracle.ValidationKey(k)), measured - oracle.Spec.MaxDrop));
        }
        var referenceEval = new EvaluatedDesign(reference, zeroResults[1], judge.Assess(zeroResults[1]));
        best = referenceEval;
        var comparatorEval = comparatorCalibration is null ? null : new EvaluatedDesign(comparatorCalibration, zeroResults[2], judge.Assess(zeroResults[2]));

        var chain = ChainLayer.Of(space);
        var model = new SegmentCostModel(space, chain, referenceEval.Result, comparatorEval?.Result);
        var constraints = LinearConstraints.From(space);
        var start1 = new Design(space.LayerNames, space.Layers.Select(space.Phase1Default).ToArray());
        var runs = new List<OptimizerRun>();

        // The full simulator's share of a phase: its wall time and the designs it simulated (the phase's time also has
        // the surrogate's tables, training and accuracy measurements).
        var simulation = new Stopwatch();
        int simulatedBefore = 0;
        void PhaseStarts() { simulation.Reset(); simulatedBefore = pool.Simulated; }
        OptimizerRun Ended(OptimizerRun run)
        {
            // Phase 2 is judged on every constraint, accuracy included, which the hardware results alone (pool.Completed) cannot be.
            if (run.Phase == 2 && run.Best is { Assessment.Feasible: true } b && (best is null || EvaluatedDesign.Compare(b, best) < 0)) best = b;
            return run with { Simulated = pool.Simulated - simulatedBefore, SimulationSeconds = simulation.Elapsed.TotalSeconds };
        }

        IReadOnlyList<EvaluatedDesign> EvaluateAll(IReadOnlyList<Design> designs, string origin, SearchJudge j)
        {
            simulation.Start();
            try
            {
                var results = pool.Evaluate(designs.Select(d => EvaluationRequest.For(d, origin)).ToList(), options.Cancel);
                return designs.Select((d, i) => new EvaluatedDesign(d, results[i], j.Assess(results[i]))).ToList();
            }
            finally { simulation.Stop(); }
        }

        foreach (var optimizer in budget.Optimizers)
        {
            // Phase 1: channels and peripheral structure.
            stage = $"phase 1 {optimizer}";
            Report();
            var sw = Stopwatch.StartNew();
            PhaseStarts();
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
                if (oracle is not null) found = MeetProxy(space, oracle, proxyFloor, problem, baseline, constraints, start1,
                    Math.Max(1, budget.Evaluations - calibration.Count), found, ref proxyMacsFloor);
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
            runs.Add(Ended(run1));

            // Phase 2: precision of the phase-1 winner's layers.
            stage = $"phase 2 {optimizer}";
            Report();
            sw.Restart();
            PhaseStarts();
            var structure = run1.Best!.Design;
            if (oracle is not null)
            {
                stage = $"training {optimizer}";
                Report();
                oracle.Model(DesignRealizer.NetworkSpecFor(space, structure));
                // The surrogate's phase 2 needs the baseline's accuracy only after it has measured its first design.
                if (optimizer != SearchBudget.LagrangianDp) MeasureBaseline();
                stage = $"phase 2 {optimizer}";
            }
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
                if (oracle is not null)
                    evaluated = MeasureInRankOrder(space, oracle, () => { MeasureBaseline(); return judge; }, hardwareJudge!, evaluated, run1.Best,
                        oracle.Spec.ValidationDesigns);
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
                    g => oracle is null ? EvaluateAll(g, "evolution/2", judge)
                        : MeasureAll(space, oracle, judge, hardwareJudge!, EvaluateAll(g, "evolution/2", judge)));
                run2 = new OptimizerRun { Optimizer = optimizer, Phase = 2, Evaluated = evaluated, Best = EvaluatedDesign.Best(evaluated), Seconds = sw.Elapsed.TotalSeconds };
            }
            runs.Add(Ended(run2));
        }

        // Every design once, in first-asked order, judged on every constraint.
        MeasureBaseline();
        var all = new List<EvaluatedDesign>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in new[] { referenceEval }.Concat(comparatorEval is null ? [] : [comparatorEval]).Concat(runs.SelectMany(r => r.Evaluated)))
            if (keys.Add(e.Design.Key)) all.Add(e with { Assessment = judge.Assess(e.Result) });
        var bestOfAll = EvaluatedDesign.Best(all)!;
        best = bestOfAll;
        AccuracySummary? accuracy = null;
        if (oracle is not null)
        {
            stage = "test accuracy";
            Report();
            bool feasible = bestOfAll.Assessment.Feasible;
            double? bestTest = feasible ? oracle.Measure(bestOfAll.Design.Key, DesignRealizer.Realize(space, bestOfAll.Design), test: true) : null;
            double baseTest = oracle.Measure(DesignResult.BaselineKey, null, test: true);
            var test = oracle.TestImages;
            accuracy = new AccuracySummary
            {
                Dataset = oracle.Spec.DatasetName, Images = (oracle.Spec.Training.Images, oracle.Spec.ValidationImages, oracle.Spec.ProxyImages, test.Count),
                TestSource = test.Source, Budget = oracle.Spec.Training.Canonical, BaselineProxy = oracle.Proxy(space.NetworkSpec), ProxyFloor = proxyFloor,
                BestProxy = oracle.Proxy(bestOfAll.Result.NetworkSpec), BaselineValidation = baseAccuracy!.Value, Floor = baseAccuracy.Value - oracle.Spec.MaxDrop,
                BaselineTest = baseTest, BestValidation = bestOfAll.Assessment.Accuracy, BestTest = bestTest,
                BestModel = feasible ? oracle.WriteDesignModel(DesignRealizer.Realize(space, bestOfAll.Design)) : oracle.ModelDirectory(bestOfAll.Result.NetworkSpec),
                BaselineModel = oracle.ModelDirectory(space.NetworkSpec),
                Trained = oracle.Trained, ProxyMacsFloor = proxyMacsFloor,
                Validation = all.Where(e => e.Assessment.Accuracy is not null).ToDictionary(e => e.Design.Key, e => e.Assessment.Accuracy!.Value, StringComparer.Ordinal),
            };
        }
        stage = "done";
        Report();
        return new CoSearchOutcome
        {
            Accuracy = accuracy,
            Space = space, Judge = judge, Baseline = baseline, Reference = all[0], Runs = runs, All = all,
            Best = bestOfAll, Simulated = pool.Simulated, Loaded = loaded, Seconds = clock.Elapsed.TotalSeconds,
            LayerCacheHits = layerCache?.Hits ?? 0, LayerCacheMisses = layerCache?.Misses ?? 0,
            LayerCacheEvictions = layerCache?.Evictions ?? 0,
        };
    }

    /// <summary>
    /// Phase 1 with the proxy (lagrangian-dp): the dynamic programme cannot see the NASWOT score, which is not additive
    /// over layers, but the score grows with the network's capacity. When the surrogate's best finalist scores below
    /// the floor, the MACs floor is raised by bisection (8 steps over [the space's floor, the baseline's MACs]) to the
    /// lowest at which the surrogate's best finalist meets the proxy floor; that run's finalists are returned.
    /// </summary>
    private static SurrogateOptimizer.Outcome MeetProxy(SearchSpace space, AccuracyOracle oracle, double floor, PhaseProblem problem,
        DesignResult baseline, LinearConstraints constraints, Design start, int want, SurrogateOptimizer.Outcome found, ref double? macsFloor)
    {
        bool Meets(SurrogateOptimizer.Outcome o) => o.Finalists.Count > 0 && o.Finalists[0].Feasible
            && oracle.Proxy(DesignRealizer.NetworkSpecFor(space, o.Finalists[0].Design)) >= floor;
        double baseMacs = space.BaseNetwork.Macs;
        if (Meets(found)) { macsFloor = constraints.MinMacs / baseMacs; return found; }
        double lo = constraints.MinMacs / baseMacs, hi = 1.0;
        SurrogateOptimizer.Outcome? best = null;
        for (int i = 0; i < 8; i++)
        {
            double mid = i == 0 ? hi : (lo + hi) / 2;
            var o = SurrogateOptimizer.Run(problem, space.Objective, baseline.Metrics, constraints with { MinMacs = Math.Max(constraints.MinMacs, mid * baseMacs) }, start, want);
            if (Meets(o)) { best = o; hi = mid; }
            else if (i == 0) break; // not even the baseline's MACs reach the floor within the constraints
            else lo = mid;
        }
        if (best is null) return found;
        macsFloor = hi;
        return best;
    }

    /// <summary>
    /// Phase 2 with accuracy (lagrangian-dp): the evaluated designs in the order of the hardware verdict (every
    /// constraint but accuracy), the phase-1 winner at phase-1 precision last; their validation accuracy is measured
    /// one by one, at most <paramref name="cap"/> of them, until one meets the accuracy floor. Measured designs are
    /// judged on accuracy; the others stay "accuracy not measured".
    /// </summary>
    private static List<EvaluatedDesign> MeasureInRankOrder(SearchSpace space, AccuracyOracle oracle, Func<SearchJudge> judgeWithFloor, SearchJudge hardware,
        List<EvaluatedDesign> evaluated, EvaluatedDesign phase1Winner, int cap)
    {
        var order = evaluated.Select(e => e with { Assessment = hardware.Assess(e.Result) }).Where(e => e.Assessment.Feasible)
            .OrderBy(e => e, Comparer<EvaluatedDesign>.Create(EvaluatedDesign.Compare)).Select(e => e.Design).ToList();
        int measured = 0;
        foreach (var d in order)
        {
            if (measured++ >= cap) break;
            var realized = DesignRealizer.Realize(space, d);
            double accuracy = oracle.Measure(d.Key, realized, test: false);
            // The first design measured is the likely answer: while the baseline still trains ahead (judgeWithFloor waits for
            // it), its test accuracy, which the search's end needs if it is the answer, is measured on the core that would wait.
            if (measured == 1) oracle.MeasureTestAhead(d.Key, realized);
            if (accuracy >= judgeWithFloor().AccuracyFloor) return Reassess(evaluated, judgeWithFloor());
        }
        var judge = judgeWithFloor();
        // None met the floor: the phase-1 winner (the same network at phase 1's precisions) is the fallback.
        var fallback = phase1Winner with { Assessment = hardware.Assess(phase1Winner.Result) };
        if (fallback.Assessment.Feasible)
        {
            oracle.Measure(fallback.Design.Key, DesignRealizer.Realize(space, fallback.Design), test: false);
            evaluated = [.. evaluated, fallback];
        }
        return Reassess(evaluated, judge);
    }

    /// <summary>Phase 2 with accuracy (evolution): every design feasible on hardware has its validation accuracy measured.</summary>
    private static IReadOnlyList<EvaluatedDesign> MeasureAll(SearchSpace space, AccuracyOracle oracle, SearchJudge judge, SearchJudge hardware,
        IReadOnlyList<EvaluatedDesign> evaluated)
    {
        foreach (var e in evaluated)
            if (hardware.Assess(e.Result).Feasible) oracle.Measure(e.Design.Key, DesignRealizer.Realize(space, e.Design), test: false);
        return Reassess(evaluated, judge);
    }

    private static List<EvaluatedDesign> Reassess(IEnumerable<EvaluatedDesign> list, SearchJudge judge) =>
        list.Select(e => e with { Assessment = judge.Assess(e.Result) }).ToList();

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
