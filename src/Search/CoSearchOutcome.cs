using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Search.Optimizers;
namespace CimSim.Search;

/// <summary>The result of a <see cref="CoSearch"/>.</summary>
public sealed record CoSearchOutcome
{
    /// <summary>The space searched.</summary>
    public required SearchSpace Space { get; init; }
    /// <summary>The judge (objective and every constraint).</summary>
    public required SearchJudge Judge { get; init; }
    /// <summary>The base chip as shipped running the base network.</summary>
    public required DesignResult Baseline { get; init; }
    /// <summary>The base network on a chip with tiles fitted to it (the starting design).</summary>
    public required EvaluatedDesign Reference { get; init; }
    /// <summary>Each optimiser's phases, in the order they ran.</summary>
    public required IReadOnlyList<OptimizerRun> Runs { get; init; }
    /// <summary>Every design evaluated, each once, in the order first asked for.</summary>
    public required IReadOnlyList<EvaluatedDesign> All { get; init; }
    /// <summary>The best design of all (every constraint checked), or null when none is feasible... then the least infeasible.</summary>
    public required EvaluatedDesign Best { get; init; }
    /// <summary>Designs simulated by this run.</summary>
    public required int Simulated { get; init; }
    /// <summary>Results read back from the results file (resume).</summary>
    public required int Loaded { get; init; }
    /// <summary>Wall time, s.</summary>
    public required double Seconds { get; init; }
    /// <summary>Crossbar layers the search's compiles took from the shared layer cache (a speed figure: it depends on timing with several workers).</summary>
    public long LayerCacheHits { get; init; }
    /// <summary>Crossbar layers the search's compiles computed (cache misses; 0 without a cache).</summary>
    public long LayerCacheMisses { get; init; }

    /// <summary>The best design an optimiser found over both phases (every constraint checked).</summary>
    public EvaluatedDesign? BestOf(string optimizer) =>
        EvaluatedDesign.Best(Runs.Where(r => r.Optimizer == optimizer).SelectMany(r => r.Evaluated).Select(e => e with { Assessment = Judge.Assess(e.Result) }));
}
