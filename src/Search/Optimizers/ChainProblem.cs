using CimSim.Search.Evaluation;
namespace CimSim.Search.Optimizers;

/// <summary>
/// One stage of a <see cref="ChainProblem"/>: a layer whose cost depends on its input state (the previous
/// layer's output channels), its own output state and one of its options (peripherals, precision).
/// </summary>
public sealed class ChainStage
{
    private readonly LayerCost[] _costs;
    private readonly bool[] _allowed;

    /// <summary>Input states (the previous stage's <see cref="OutStates"/>; 1 for the first stage).</summary>
    public int InStates { get; }
    /// <summary>Output states (e.g. channel counts).</summary>
    public int OutStates { get; }
    /// <summary>Options per (input, output) state pair.</summary>
    public int Options { get; }

    /// <summary>A stage with every cost zero and every choice allowed; fill it with <see cref="Set"/>.</summary>
    public ChainStage(int inStates, int outStates, int options)
    {
        if (inStates < 1 || outStates < 1 || options < 1) throw new ArgumentException("a stage needs at least one state and option");
        InStates = inStates; OutStates = outStates; Options = options;
        _costs = new LayerCost[inStates * outStates * options];
        _allowed = Enumerable.Repeat(true, _costs.Length).ToArray();
    }

    private int Index(int i, int o, int p) => (i * OutStates + o) * Options + p;

    /// <summary>Sets the cost of (input state, output state, option), and whether it may be chosen.</summary>
    public void Set(int inState, int outState, int option, LayerCost cost, bool allowed = true)
    {
        _costs[Index(inState, outState, option)] = cost;
        _allowed[Index(inState, outState, option)] = allowed;
    }

    /// <summary>The cost of (input state, output state, option).</summary>
    public LayerCost Cost(int inState, int outState, int option) => _costs[Index(inState, outState, option)];

    /// <summary>Whether (input state, output state, option) may be chosen.</summary>
    public bool Allowed(int inState, int outState, int option) => _allowed[Index(inState, outState, option)];
}

/// <summary>A choice for every stage of a chain: the first stage's input state, and each stage's output state and option.</summary>
/// <param name="Start">Input state of the first stage.</param>
/// <param name="OutState">Output state per stage.</param>
/// <param name="Option">Option per stage.</param>
public sealed record ChainPath(int Start, int[] OutState, int[] Option)
{
    /// <summary>Stable text form for de-duplication.</summary>
    public string Key => $"{Start}|" + string.Join(",", OutState.Select((s, j) => $"{s}:{Option[j]}"));

    /// <summary>Input state of stage <paramref name="j"/>.</summary>
    public int InState(int j) => j == 0 ? Start : OutState[j - 1];
}

/// <summary>
/// A chain of layers coupled by their states (layer j's cost depends on layer j−1's output state and its own),
/// with additive costs and a fixed part: the structure phase 1 (channels and peripherals) and phase 2
/// (precision, one state per layer) share.
/// </summary>
/// <param name="Stages">The layers in order; stage j's <see cref="ChainStage.InStates"/> equals stage j−1's <see cref="ChainStage.OutStates"/>
/// (the first stage's input state is chosen too: <see cref="ChainPath.Start"/>).</param>
/// <param name="Fixed">Cost of everything that does not depend on the choices.</param>
public sealed record ChainProblem(IReadOnlyList<ChainStage> Stages, LayerCost Fixed)
{
    /// <summary>Checks that the stages chain up.</summary>
    public void Validate()
    {
        for (int j = 1; j < Stages.Count; j++)
        {
            int expected = Stages[j - 1].OutStates;
            if (Stages[j].InStates != expected)
                throw new ArgumentException($"stage {j} has {Stages[j].InStates} input states, the previous stage {expected} output states");
        }
    }

    /// <summary>Total cost of <paramref name="path"/> (fixed part included).</summary>
    public LayerCost Total(ChainPath path)
    {
        var total = Fixed;
        for (int j = 0; j < Stages.Count; j++) total += Stages[j].Cost(path.InState(j), path.OutState[j], path.Option[j]);
        return total;
    }

    /// <summary>Whether every stage's choice of <paramref name="path"/> is allowed.</summary>
    public bool Allowed(ChainPath path)
    {
        for (int j = 0; j < Stages.Count; j++)
            if (!Stages[j].Allowed(path.InState(j), path.OutState[j], path.Option[j])) return false;
        return true;
    }
}
