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
    /// <summary>Entries the layer cache dropped to stay within its memory bound (each may be computed again).</summary>
    public long LayerCacheEvictions { get; init; }

    /// <summary>Accuracy figures of a space with an <c>accuracy</c> section, else null.</summary>
    public AccuracySummary? Accuracy { get; init; }

    /// <summary>The best design an optimiser found over both phases (every constraint checked).</summary>
    public EvaluatedDesign? BestOf(string optimizer) =>
        EvaluatedDesign.Best(Runs.Where(r => r.Optimizer == optimizer).SelectMany(r => r.Evaluated).Select(e => e with { Assessment = Judge.Assess(e.Result) }));
}

/// <summary>What a search on real data measured (docs/SEARCH.md §"Accuracy").</summary>
public sealed record AccuracySummary
{
    /// <summary>Dataset and where its images came from.</summary>
    public required string Dataset { get; init; }
    /// <summary>Training images per network, validation images, proxy images, test images.</summary>
    public required (int Train, int Validation, int Proxy, int Test) Images { get; init; }
    /// <summary>Where the test images came from.</summary>
    public required string TestSource { get; init; }
    /// <summary>The training budget, as text.</summary>
    public required string Budget { get; init; }
    /// <summary>NASWOT score of the baseline network and the floor phase 1 applied.</summary>
    public required double BaselineProxy { get; init; }
    /// <summary>Phase 1's proxy floor.</summary>
    public required double ProxyFloor { get; init; }
    /// <summary>NASWOT score of the best design's network.</summary>
    public double? BestProxy { get; init; }
    /// <summary>The trained baseline's chip accuracy on the validation images (the baseline chip as shipped).</summary>
    public required double BaselineValidation { get; init; }
    /// <summary>Phase 2's accuracy floor (baseline − max drop).</summary>
    public required double Floor { get; init; }
    /// <summary>The trained baseline's chip accuracy on the test images.</summary>
    public double? BaselineTest { get; init; }
    /// <summary>The best design's validation and test accuracy (null when no design is feasible).</summary>
    public double? BestValidation { get; init; }
    /// <summary>The best design's test accuracy.</summary>
    public double? BestTest { get; init; }
    /// <summary>Directory of the best design's trained model (model.yaml + .npy), and the baseline's.</summary>
    public string? BestModel { get; init; }
    /// <summary>Directory of the baseline's trained model.</summary>
    public string? BaselineModel { get; init; }
    /// <summary>Networks trained by this run (the others came from the cache).</summary>
    public int Trained { get; init; }
    /// <summary>The MACs floor (fraction of the baseline's) phase 1's dynamic programme needed to meet the proxy floor, per optimiser run.</summary>
    public double? ProxyMacsFloor { get; init; }
    /// <summary>Validation accuracy by design key, for every design measured.</summary>
    public required IReadOnlyDictionary<string, double> Validation { get; init; }
}
