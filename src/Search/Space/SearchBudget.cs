namespace CimSim.Search.Space;

/// <summary>How much a search may spend (YAML <c>search</c>).</summary>
/// <param name="Evaluations">Full (compile + replay) evaluations per optimiser per phase; calibration runs count.</param>
/// <param name="Population">Designs per generation of the evolutionary baseline.</param>
/// <param name="Seed">Seed of every random choice of the optimisers.</param>
/// <param name="Optimizers">Which optimisers run, in order: <c>lagrangian-dp</c> and/or <c>evolution</c>.</param>
public sealed record SearchBudget(int Evaluations, int Population, ulong Seed, IReadOnlyList<string> Optimizers)
{
    /// <summary>Name of the surrogate-guided dynamic-programming optimiser.</summary>
    public const string LagrangianDp = "lagrangian-dp";
    /// <summary>Name of the evolutionary baseline.</summary>
    public const string Evolution = "evolution";
}
