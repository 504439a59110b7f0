using System.Globalization;
using System.Text.Json.Serialization;
using System.Text;
using CimSim.Search.Evaluation;
using CimSim.Search.Optimizers;
using CimSim.Search.Space;
using CimSim.Simulator.Plots;
using CimSim.Workloads.Csv;
using CimSim.Workloads.Json;
using CimSim.Workloads.Mapping;
using OxyPlot;

namespace CimSim.Search.Output;

/// <summary>
/// The files a finished search leaves beside <c>results.jsonl</c>: <c>best.yaml</c> (the best chip; its network
/// spec in the header), <c>best.json</c> (the best design, its network and input bits, and the comparison with the
/// baseline), <c>pareto.csv</c> (every evaluated design, and whether it is on each front), the charts
/// <c>pareto_energy_latency</c> and <c>pareto_edap_area</c> (.svg and .pdf: the feasible designs and their Pareto
/// front) and <c>summary.txt</c> (what the CLI prints). Contents only; the caller writes them.
/// </summary>
public static class SearchOutputs
{
    private static readonly string[] ParetoChartNames = ["pareto_energy_latency", "pareto_edap_area"];
    /// <summary>The accuracy chart of a search on real data (<see cref="AccuracyOutputs"/>).</summary>
    public const string AccuracyChartName = "pareto_accuracy_edap";

    /// <summary>The files <see cref="Files"/> produces, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
    [
        "best.yaml", "best.json", "pareto.csv",
        .. ParetoChartNames.SelectMany(c => ChartFiles.Extensions.Select(e => c + e)),
        "summary.txt",
    ];

    /// <summary><see cref="FileNames"/> and, for a search with accuracy, its chart (the names a search may write).</summary>
    public static IReadOnlyList<string> AllFileNames { get; } = [.. FileNames, .. ChartFiles.Extensions.Select(e => AccuracyChartName + e)];

    /// <summary>File name → content (UTF-8 text, PDF bytes).</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Files(CoSearchOutcome o)
    {
        var best = DesignRealizer.Realize(o.Space, o.Best.Design);
        var text = new List<(string, string)>
        {
            ("best.yaml", BestChipYaml.Write(o.Space, best, Header(o, best))),
            ("best.json", BestJson(o, best)),
            ("pareto.csv", ParetoCsv(o)),
        };
        var files = text.Select(f => (f.Item1, Encoding.UTF8.GetBytes(f.Item2))).ToList();
        var (energyLatency, edapArea) = ParetoCharts(o);
        files.AddRange(ChartFiles.Render(energyLatency, ParetoChartNames[0]));
        files.AddRange(ChartFiles.Render(edapArea, ParetoChartNames[1]));
        files.Add(("summary.txt", Encoding.UTF8.GetBytes(Summary(o))));
        if (o.Accuracy is not null) files.AddRange(ChartFiles.Render(AccuracyOutputs.Chart(o), AccuracyChartName));
        return files;
    }

    /// <summary>The command that re-runs the best design with <c>cimsim run</c>.</summary>
    public static string RunCommand(CoSearchOutcome o, string archPath) =>
        $"cimsim run --arch {archPath} --network {DesignRealizer.NetworkSpecFor(o.Space, o.Best.Design)} --dataset {o.Space.Dataset.Name} --seed {o.Space.CompileSeed}";

    private static IEnumerable<string> Header(CoSearchOutcome o, RealizedDesign best)
    {
        var a = o.Best.Assessment;
        yield return $"{best.Chip.Name}: the best design of search space '{o.Space.Name}' ({Path.GetFileName(o.Space.FileName)}), written by cimsim search.";
        yield return $"Found by {o.Best.Result.Origin}; objective {o.Space.Objective.Name} = {o.Space.Objective.Format(a.Objective)}; {(a.Feasible ? "every constraint met" : "INFEASIBLE: " + string.Join("; ", a.Violations))}.";
        yield return "Run it with its network:";
        yield return "  " + RunCommand(o, "best.yaml");
        yield return $"network: {best.NetworkSpec}";
        yield return "input bits: " + string.Join(", ", o.Best.Design.LayerNames.Select((n, i) => $"{n}={o.Best.Design.Choices[i].InputBits}"));
        foreach (var line in AccuracyOutputs.Header(o)) yield return line;
    }

    private static string BestJson(CoSearchOutcome o, RealizedDesign best)
    {
        var b = o.Best;
        var d = b.Design;
        return JsonText.Document(new BestDocument(
            "cimsim.search-best/1", o.Space.Name, o.Space.FileName, o.Space.Objective.Name, d.Key, b.Result.Origin, "best.yaml", best.Chip.Name,
            best.Chip.Tiles, best.NetworkSpec, o.Space.Dataset.Name, o.Space.CompileSeed, RunCommand(o, "best.yaml"),
            d.LayerNames.Select((n, i) => KeyValuePair.Create(n, d.Choices[i].InputBits)).ToDictionary(),
            [.. d.Choices.Select((c, i) =>
            {
                bool adc = c.Readout == ReadoutKind.Adc;
                return new BestLayer(d.LayerNames[i], c.Channels, c.Readout.ToString().ToLowerInvariant(), adc ? c.AdcType.ToString()!.ToLowerInvariant() : null,
                    adc ? c.AdcBits : null, adc ? c.ColumnSharing : null, c.InputBits, b.Result.Layer(d.LayerNames[i])?.SqnrDb ?? double.PositiveInfinity);
            })],
            AccuracyOutputs.Json(o),
            Figures(b.Result, b.Assessment), Figures(o.Baseline, o.Judge.Assess(o.Baseline)), Figures(o.Reference.Result, o.Reference.Assessment),
            Ratios(o.Baseline, b.Result).Select(r => KeyValuePair.Create(r.Name, r.Ratio)).ToDictionary(),
            [.. o.Runs.Select(r => new BestOptimizerRun(r.Optimizer, r.Phase, r.Evaluated.Count, Math.Round(r.Seconds, 3), r.Simulated, Math.Round(r.SimulationSeconds, 3), r.Best?.Design.Key,
                r.Best?.Assessment.Objective, r.Best?.Assessment.Feasible, r.SegmentReplays > 0 ? r.SegmentReplays : null,
                r.SegmentReplays > 0 ? Math.Round(r.SurrogateSeconds, 3) : null))],
            o.All.Count, o.Simulated, o.Loaded, Math.Round(o.Seconds, 3)), OutputJsonContext.Default.BestDocument);
    }

    private static BestFigures Figures(DesignResult r, DesignAssessment a) => new()
    {
        Chip = r.ChipName, Network = r.NetworkSpec,
        EnergyPj = r.Metrics.EnergyPj, LatencyNs = r.Metrics.LatencyNs, AreaMm2 = r.Metrics.AreaMm2, EdapPjNsMm2 = r.Metrics.EdapPjNsMm2,
        TopsPerW = r.TopsPerW, TopsPerMm2 = r.TopsPerMm2, Macs = r.Macs, Weights = r.Weights,
        MacsFraction = a.MacsFraction, WeightsFraction = a.WeightsFraction, MinSqnrDb = a.MinSqnrDb, Objective = a.Objective,
        Feasible = a.Feasible, Violations = a.Violations,
    };

    /// <summary>How many times better <paramref name="r"/> is than <paramref name="baseline"/> (lower-is-better figures inverted).</summary>
    public static IReadOnlyList<(string Name, double Ratio)> Ratios(DesignResult baseline, DesignResult r) =>
    [
        ("edap", baseline.Metrics.EdapPjNsMm2 / r.Metrics.EdapPjNsMm2),
        ("tops_per_w", r.TopsPerW / baseline.TopsPerW),
        ("tops_per_mm2", r.TopsPerMm2 / baseline.TopsPerMm2),
        ("energy", baseline.Metrics.EnergyPj / r.Metrics.EnergyPj),
        ("latency", baseline.Metrics.LatencyNs / r.Metrics.LatencyNs),
        ("area", baseline.Metrics.AreaMm2 / r.Metrics.AreaMm2),
    ];

    /// <summary>Every evaluated design (baseline first) with its figures and whether it is on each front.</summary>
    private static string ParetoCsv(CoSearchOutcome o)
    {
        var rows = Rows(o);
        var el = OnFront(rows.Select(r => (r.Result.Metrics.LatencyNs, r.Result.Metrics.EnergyPj)).ToList(), rows);
        var ea = OnFront(rows.Select(r => (r.Result.Metrics.AreaMm2, r.Result.Metrics.EdapPjNsMm2)).ToList(), rows);
        string[] header = ["key", "origin", "network", "energy_pj", "latency_ns", "area_mm2", "edap_pj_ns_mm2", "tops_per_w", "tops_per_mm2",
            "min_sqnr_db", "macs_fraction", "feasible", "energy_latency_front", "edap_area_front"];
        return CsvText.Table(header, rows.Select((row, i) =>
        {
            var (r, a) = row;
            return (IEnumerable<string>)[r.Key, r.Origin, r.NetworkSpec, .. new[] { r.Metrics.EnergyPj, r.Metrics.LatencyNs, r.Metrics.AreaMm2,
                r.Metrics.EdapPjNsMm2, r.TopsPerW, r.TopsPerMm2, a.MinSqnrDb, a.MacsFraction }.Select(CsvText.Number),
                CsvText.Bool(a.Feasible), CsvText.Bool(el[i]), CsvText.Bool(ea[i])];
        }));
    }

    /// <summary>
    /// Energy–latency and EDAP–area scatter plots of the feasible designs (by the optimiser that proposed them) with
    /// their Pareto front, on log axes; the baseline chip is drawn for scale. Infeasible designs are in pareto.csv only.
    /// </summary>
    public static (PlotModel EnergyLatency, PlotModel EdapArea) ParetoCharts(CoSearchOutcome o)
    {
        var rows = Rows(o);
        bool baselineFeasible = rows[0].Assessment.Feasible;
        // The baseline is drawn for scale when it meets the constraints; an infeasible one (often far off, e.g. a
        // chip 8× the area target) would squeeze the designs into a corner, so it is left to pareto.csv.
        var groups = new (string Name, Func<DesignResult, DesignAssessment, bool> Member)[]
        {
            ("baseline chip", (r, a) => r.Key == DesignResult.BaselineKey && a.Feasible),
            ("lagrangian-dp", (r, a) => a.Feasible && r.Key != DesignResult.BaselineKey && !r.Origin.StartsWith("evolution", StringComparison.Ordinal)),
            ("evolution", (r, a) => a.Feasible && r.Origin.StartsWith("evolution", StringComparison.Ordinal)),
        };
        // Slots: the baseline black, the optimisers blue and orange, in every search's charts.
        int[] slots = [ChartStyle.BlackSlot, 0, 1];
        var members = groups.Select(g => rows.Where(x => g.Member(x.Result, x.Assessment)).ToList()).ToList();
        var shown = Enumerable.Range(0, groups.Length).Where(k => members[k].Count > 0).ToList();
        int feasible = members.Skip(1).Sum(m => m.Count);
        IReadOnlyList<PointSeries> Series(Func<DesignMetrics, (double X, double Y)> xy) => shown
            .Select(k => new PointSeries(groups[k].Name, members[k]
                .Select(x => { var (px, py) = xy(x.Result.Metrics); return new ChartPoint(px, py, Fingerprint.Of(x.Result.Key)); }).ToList(), slots[k]))
            .ToList();
        PlotModel Scatter(string title, Func<DesignMetrics, (double X, double Y)> xy, string x, string y)
        {
            var series = Series(xy);
            int onFront = series.Count == 0 ? 0 : ParetoFront.Compute([.. series.SelectMany(s => s.Points).Select(p => (p.X, p.Y))]).Count;
            string subtitle = $"search '{o.Space.Name}': {feasible} feasible designs of {rows.Count - 1}"
                + (baselineFeasible ? " and the baseline chip" : "; baseline chip infeasible, not drawn")
                + $"; ringed and joined: the front ({onFront})";
            bool any = series.Count > 0;
            // No feasible design: the infeasible ones in grey, and no front.
            if (!any) series = [new PointSeries("infeasible designs (none met the constraints)", [.. rows.Select(r => { var (px, py) = xy(r.Result.Metrics); return new ChartPoint(px, py); })], 12)];
            var pts = series.SelectMany(s => s.Points).ToList();
            // A log axis only where the designs span more than a decade; a narrow span reads better on a linear one.
            bool logX = pts.Max(p => p.X) > 10 * pts.Min(p => p.X), logY = pts.Max(p => p.Y) > 10 * pts.Min(p => p.Y);
            return ScatterChart.Create(title, series, x + (logX ? ", log scale)" : ")"), y + (logY ? ", log scale)" : ")"),
                logX, logY, paretoFront: any, subtitle: subtitle);
        }
        var energyLatency = Scatter("Co-search: energy against latency per inference, with the Pareto front",
            m => (m.LatencyNs * 1e-3, m.EnergyPj * 1e-6), "Latency per inference (µs", "Energy per inference (µJ");
        var edapArea = Scatter("Co-search: EDAP against chip area, with the Pareto front",
            m => (m.AreaMm2, m.EdapPjNsMm2), "Chip area (mm²", "EDAP (pJ·ns·mm²");
        return (energyLatency, edapArea);
    }

    /// <summary>The text summary the CLI prints.</summary>
    public static string Summary(CoSearchOutcome o)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = o.Space;
        var c = s.Constraints;
        var sb = new StringBuilder();
        // No design meets the constraints: say so first, and give no "× better" ratios for a design that is not a result.
        bool feasible = o.Best.Assessment.Feasible;
        if (!feasible)
            sb.AppendLine($"NO FEASIBLE DESIGN: none of the {o.All.Count + 1} designs meets every constraint; the least infeasible violates: {string.Join("; ", o.Best.Assessment.Violations)}");
        var parts = new List<string>();
        if (c.AreaTargetMm2 is { } t) parts.Add(string.Create(inv, $"area {t:G} mm² ± {c.AreaTolerance:P0} [{c.AreaMinMm2:F2}, {c.AreaMaxMm2:F2}]"));
        if (o.Judge.MinSqnrDb is { } q) parts.Add(string.Create(inv, $"SQNR ≥ {q:F1} dB on every searched layer{(c.MinSqnrFromBaseline ? " (the baseline's worst)" : "")}"));
        if (c.MinMacsFraction is { } m) parts.Add(string.Create(inv, $"MACs ≥ {m:P0} of the baseline's"));
        if (c.MinWeightsFraction is { } wt) parts.Add(string.Create(inv, $"weights ≥ {wt:P0} of the baseline's"));
        sb.AppendLine($"search {s.Name}: {s.NetworkSpec} / {s.Dataset.Name} on {s.BaseChip.Name}, {s.Layers.Count} searched layers; minimise {s.Objective.Name}");
        sb.AppendLine("constraints: " + (parts.Count > 0 ? string.Join("; ", parts) : "none"));
        sb.AppendLine(string.Create(inv, $"{o.All.Count + 1} designs evaluated with the full simulator ({o.Simulated} simulated now, {o.Loaded} read back) in {o.Seconds:F1} s, {(o.Seconds > 0 ? o.Simulated / o.Seconds : 0):F1} simulations/s overall"));
        if (o.LayerCacheHits + o.LayerCacheMisses > 0)
            sb.AppendLine(string.Create(inv, $"layer cache: {o.LayerCacheHits} of {o.LayerCacheHits + o.LayerCacheMisses} crossbar layers compiled from it ({(double)o.LayerCacheHits / (o.LayerCacheHits + o.LayerCacheMisses):P0}), {o.LayerCacheEvictions} entries evicted"));
        sb.AppendLine();
        sb.AppendLine($"{"design",-26} {"energy µJ",10} {"latency µs",11} {"area mm²",9} {"EDAP nJ·s·mm²",14} {"TOPS/W",8} {"TOPS/mm²",9} {"SQNR dB",8} {"MACs",6}  constraints");
        void Row(string name, DesignResult r, DesignAssessment a) => sb.AppendLine(string.Create(inv,
            $"{name,-26} {r.Metrics.EnergyPj * 1e-6,10:F3} {r.Metrics.LatencyNs * 1e-3,11:F2} {r.Metrics.AreaMm2,9:F2} {r.Metrics.EdapPjNsMm2 * 1e-12,14:F3} {r.TopsPerW,8:F3} {r.TopsPerMm2,9:F5} {(double.IsFinite(a.MinSqnrDb) ? a.MinSqnrDb.ToString("F1", inv) : "exact"),8} {a.MacsFraction,6:P0}  {(a.Feasible ? "met" : string.Join("; ", a.Violations))}"));
        Row("baseline (as shipped)", o.Baseline, o.Judge.Assess(o.Baseline));
        Row("reference (fitted tiles)", o.Reference.Result, o.Reference.Assessment);
        foreach (var name in s.Budget.Optimizers)
            if (o.BestOf(name) is { } e) Row($"best of {name}", e.Result, e.Assessment);
        Row(feasible ? "best" : "least infeasible", o.Best.Result, o.Best.Assessment);
        sb.AppendLine();
        if (feasible)
        {
            sb.AppendLine("best against the baseline (× better): " + string.Join(", ", Ratios(o.Baseline, o.Best.Result).Select(x => string.Create(inv, $"{x.Name} {x.Ratio:F2}×"))));
            sb.AppendLine("best against the reference:           " + string.Join(", ", Ratios(o.Reference.Result, o.Best.Result).Select(x => string.Create(inv, $"{x.Name} {x.Ratio:F2}×"))));
        }
        else sb.AppendLine("no ratios against the baseline: no design meets the constraints (relax them or widen the space)");
        sb.Append(AccuracyOutputs.Summary(o));
        sb.AppendLine($"{(feasible ? "best" : "least infeasible")} design: {o.Best.Design.Key}");
        sb.AppendLine($"network: {DesignRealizer.NetworkSpecFor(s, o.Best.Design)}");
        sb.AppendLine();
        sb.AppendLine($"{"optimiser",-14} {"phase",5} {"designs",8} {"seconds",8} {"best objective",22}  notes");
        foreach (var r in o.Runs)
        {
            string notes = string.Create(inv, $"full simulator: {r.Simulated} simulated in {r.SimulationSeconds:F2} s{(r.Simulated > 0 && r.SimulationSeconds > 0 ? $" ({r.Simulated / r.SimulationSeconds:F0}/s)" : "")}")
                + (r.SegmentReplays > 0 ? string.Create(inv, $"; surrogate: {r.SegmentReplays} segment replays + optimisation in {r.SurrogateSeconds:F1} s; {Accuracy(r)}") : "");
            sb.AppendLine(string.Create(inv, $"{r.Optimizer,-14} {r.Phase,5} {r.Evaluated.Count,8} {r.Seconds,8:F1} {(r.Best is { } b ? o.Space.Objective.Format(b.Assessment.Objective) + (b.Assessment.Feasible ? "" : " (infeasible)") : "-"),22}  {notes}"));
        }
        return sb.ToString();
    }

    /// <summary>Mean and largest relative error of the surrogate's predictions against the full simulator.</summary>
    public static string Accuracy(OptimizerRun r)
    {
        var errs = r.Predictions.Select(p => (p.Predicted, Actual: r.Evaluated.FirstOrDefault(e => e.Design.Key == p.Key)?.Result.Metrics))
            .Where(x => x.Actual is not null).Select(x => (L: Rel(x.Predicted.LatencyNs, x.Actual!.Value.LatencyNs), E: Rel(x.Predicted.EnergyPj, x.Actual.Value.EnergyPj),
                A: Rel(x.Predicted.AreaMm2, x.Actual.Value.AreaMm2))).ToList();
        if (errs.Count == 0) return "no finalists";
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"model error on {errs.Count} finalists: latency {errs.Average(e => e.L):P1} mean / {errs.Max(e => e.L):P1} max, energy {errs.Average(e => e.E):P1} / {errs.Max(e => e.E):P1}, area {errs.Average(e => e.A):P2} / {errs.Max(e => e.A):P2}");
    }

    private static double Rel(double predicted, double actual) => Math.Abs(predicted - actual) / Math.Abs(actual);

    private static List<(DesignResult Result, DesignAssessment Assessment)> Rows(CoSearchOutcome o) =>
        new[] { (o.Baseline, o.Judge.Assess(o.Baseline)) }.Concat(o.All.Select(e => (e.Result, e.Assessment))).ToList();

    /// <summary>Which points are on the Pareto front of the feasible designs.</summary>
    private static bool[] OnFront(List<(double X, double Y)> points, List<(DesignResult Result, DesignAssessment Assessment)> rows)
    {
        var on = new bool[points.Count];
        var feasible = Enumerable.Range(0, points.Count).Where(i => rows[i].Assessment.Feasible).ToList();
        if (feasible.Count == 0) return on;
        foreach (int k in ParetoFront.Compute(feasible.Select(i => points[i]).ToList())) on[feasible[k]] = true;
        return on;
    }
}

/// <summary><c>best.json</c> as it is written (schema <c>cimsim.search-best/1</c>).</summary>
internal sealed record BestDocument(
    string Schema, string Space, string SpaceFile, string Objective, string Key, string Origin, string ChipFile, string Chip, int Tiles,
    string Network, string Dataset, ulong Seed, string Run, Dictionary<string, int> InputBits, IReadOnlyList<BestLayer> Layers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BestAccuracy? Accuracy,
    BestFigures Best, BestFigures Baseline, BestFigures Reference, Dictionary<string, double> BestVsBaseline,
    IReadOnlyList<BestOptimizerRun> Optimizers, int Designs, int Simulated, int ReadBack, double Seconds);

/// <summary>One layer of the best design; the ADC's fields only for an ADC readout.</summary>
internal sealed record BestLayer(
    string Name, int Channels, string Readout,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AdcType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AdcBits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ColumnSharing,
    int InputBits, double SqnrDb);

/// <summary>A design's figures and the judge's verdict in best.json (<c>best</c>, <c>baseline</c>, <c>reference</c>).</summary>
internal sealed record BestFigures : DesignFigures
{
    [JsonPropertyOrder(-1)] public required string Chip { get; init; }
    [JsonPropertyOrder(-1)] public required string Network { get; init; }
    [JsonPropertyOrder(1)] public required double MacsFraction { get; init; }
    [JsonPropertyOrder(1)] public required double WeightsFraction { get; init; }
    [JsonPropertyOrder(1)] public required double MinSqnrDb { get; init; }
    [JsonPropertyOrder(1)] public required double Objective { get; init; }
    [JsonPropertyOrder(1)] public required bool Feasible { get; init; }
    [JsonPropertyOrder(1)] public required IReadOnlyList<string> Violations { get; init; }
}

/// <summary>One optimiser run; its best only when it found one, the surrogate's figures only when it used one.</summary>
internal sealed record BestOptimizerRun(
    string Optimizer, int Phase, int Evaluations, double Seconds, int Simulated, double SimulationSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Best,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BestObjective,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? BestFeasible,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SegmentReplays,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? SurrogateSeconds);
