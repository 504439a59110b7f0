using System.Diagnostics;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// The full evaluator: compiles a design's network for its chip (real partial sums, the space's seed) and
/// replays it cycle by cycle through <see cref="SimulationRunner"/>, exactly as <c>cimsim run</c> does.
/// Thread-safe; deterministic (the same design always gives the same result).
/// </summary>
public sealed class DesignEvaluator
{
    private readonly SearchSpace _space;
    private readonly int _compileThreads;
    private readonly LayerCache? _layerCache;

    /// <summary>
    /// An evaluator for <paramref name="space"/>; <paramref name="compileThreads"/> threads for each compile, and a
    /// <paramref name="layerCache"/> every compile shares (null: none). Results depend on neither.
    /// </summary>
    public DesignEvaluator(SearchSpace space, int compileThreads = 1, LayerCache? layerCache = null)
    {
        _space = space;
        _compileThreads = Math.Max(1, compileThreads);
        _layerCache = layerCache;
    }

    /// <summary>Evaluates a request: its design, or the baseline when it has none.</summary>
    public DesignResult Evaluate(EvaluationRequest request) =>
        request.Design is { } d ? Evaluate(d, request.Origin) : EvaluateBaseline();

    /// <summary>Evaluates <paramref name="design"/>.</summary>
    public DesignResult Evaluate(Design design, string origin)
    {
        var sw = Stopwatch.StartNew();
        var r = DesignRealizer.Realize(_space, design);
        return Run(design.Key, origin, r.NetworkSpec, r.Network, r.Chip, sw);
    }

    /// <summary>Evaluates the baseline: the base chip as shipped running the base network.</summary>
    public DesignResult EvaluateBaseline()
    {
        var sw = Stopwatch.StartNew();
        return Run(DesignResult.BaselineKey, "baseline", _space.NetworkSpec, _space.BaseNetwork, _space.BaseChip, sw);
    }

    private DesignResult Run(string key, string origin, string spec, Network network, ChipSpec chipSpec, Stopwatch sw)
    {
        var chip = ChipModel.Build(chipSpec);
        var trace = SimulationRunner.Compile(chip, network, new CompileOptions
        {
            Seed = _space.CompileSeed, Dataset = _space.Dataset.Name, MaxThreads = _compileThreads,
            LayerCache = _layerCache,
        });
        var report = SimulationRunner.Simulate(chip, trace, new ReplayOptions());
        return FromReport(key, origin, spec, chipSpec, network, trace, report, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The stored form of one simulation.</summary>
    public static DesignResult FromReport(string key, string origin, string spec, ChipSpec chip, Network network,
        NetworkTrace trace, SimulationReport report, double seconds)
    {
        var layers = new List<LayerOutcome>();
        for (int i = 0; i < report.Layers.Count; i++)
        {
            var lr = report.Layers[i];
            var lt = trace.Layers[i];
            double density = double.NaN, nonZero = double.NaN;
            if (lt.Mapping is { } m)
            {
                double driven = (double)m.InputVectors * m.InputSlices * m.ColumnBlocks * m.MatrixRows;
                density = driven > 0 ? lt.Counts.RowActivations / driven : 0;
                nonZero = lt.Counts.ColumnReads > 0 ? (double)lt.Counts.NonZeroOutputs / lt.Counts.ColumnReads : 0;
            }
            layers.Add(new LayerOutcome(lr.Name, lr.LatencyNs, lr.EnergyPj, lt.Mapping is null ? double.NaN : lr.SqnrDb, density, nonZero));
        }
        var t = report.Totals;
        return new DesignResult
        {
            Key = key, Origin = origin, NetworkSpec = spec, ChipName = chip.Name, Tiles = chip.Tiles,
            Metrics = new DesignMetrics(t.EnergyPj, t.LatencyNs, t.AreaMm2), TopsPerW = t.TopsPerW, TopsPerMm2 = t.TopsPerMm2,
            Macs = network.Macs, Weights = network.Weights, Layers = layers, Seconds = seconds,
        };
    }
}
