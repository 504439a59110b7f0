using CimSim.Search.Evaluation;
using CimSim.Search.Space;

namespace CimSim.Search.Optimizers;

/// <summary>What one optimiser did in one phase.</summary>
public sealed record OptimizerRun
{
    /// <summary><see cref="SearchBudget.LagrangianDp"/> or <see cref="SearchBudget.Evolution"/>.</summary>
    public required string Optimizer { get; init; }
    /// <summary>1 or 2.</summary>
    public required int Phase { get; init; }
    /// <summary>Designs it had evaluated by the full simulator (calibration included), in proposal order.</summary>
    public required IReadOnlyList<EvaluatedDesign> Evaluated { get; init; }
    /// <summary>Its best design (phase 1 judged without the SQNR constraint).</summary>
    public required EvaluatedDesign? Best { get; init; }
    /// <summary>Wall time of the phase, s.</summary>
    public required double Seconds { get; init; }
    /// <summary>Designs this phase compiled and replayed now (not read back from a resumed search's results).</summary>
    public int Simulated { get; init; }
    /// <summary>Wall time of the phase's full-simulator evaluations (compile + replay, no training or accuracy), s.</summary>
    public double SimulationSeconds { get; init; }
    /// <summary>Surrogate optimiser only: segment replays that filled its cost tables.</summary>
    public int SegmentReplays { get; init; }
    /// <summary>Surrogate optimiser only: wall time of the tables and the optimisation on them, s.</summary>
    public double SurrogateSeconds { get; init; }
    /// <summary>Surrogate optimiser only: each finalist's predicted metrics beside its key.</summary>
    public IReadOnlyList<(string Key, DesignMetrics Predicted)> Predictions { get; init; } = [];
}
