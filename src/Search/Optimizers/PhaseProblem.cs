using CimSim.Workloads.Mapping;
using CimSim.Search.Space;
using CimSim.Search.Evaluation;

namespace CimSim.Search.Optimizers;

/// <summary>
/// A search phase as a <see cref="ChainProblem"/> over the network's crossbar layers, with the map between chain
/// paths and designs. A layer's cost depends on its own choice, on its input channels (the previous layer's
/// output channels) and, through the transfer of its outputs, on the next layer's input precision; the chain's
/// states carry whichever of these the phase chooses.
/// <list type="bullet">
/// <item>Phase 1: a layer's output state is its channel count and its options the peripheral structures
/// (readout kind × ADC type × column sharing) at the phase-1 precision, which is fixed.</item>
/// <item>Phase 2: the network and structures are those of a phase-1 design; a layer's input state is its own input
/// precision, its output state the next layer's, and its options its ADC resolutions; options whose estimated SQNR is
/// below the minimum are disallowed.</item>
/// </list>
/// Unsearched crossbar layers are stages with one option (the base chip's readout). Costs come from a
/// <see cref="SegmentCostModel"/>, filled in parallel (each entry independent, so the table does not depend on the
/// thread count).
/// </summary>
public sealed class PhaseProblem
{
    /// <summary>One stage as the builder sees it.</summary>
    private sealed record StageSpec(int InStates, int OutStates, int Options, bool CostDependsOnIn,
        Func<int, int, int, LayerChoice?> Choice, Func<int, int> InChannels, Func<int, int> NextInputBits);

    private readonly SearchSpace _space;
    private readonly StageSpec[] _stages;

    /// <summary>The chain problem.</summary>
    public ChainProblem Problem { get; }
    /// <summary>The crossbar layers, one per stage.</summary>
    public IReadOnlyList<ChainLayer> Chain { get; }
    /// <summary>Segment replays run to fill the tables.</summary>
    public int SegmentReplays { get; }

    private PhaseProblem(SearchSpace space, IReadOnlyList<ChainLayer> chain, StageSpec[] stages, ChainProblem problem, int replays)
    {
        _space = space; Chain = chain; _stages = stages; Problem = problem; SegmentReplays = replays;
    }

    /// <summary>
    /// Phase 1: channels and peripheral structure, with precision at the phase-1 defaults; every layer costed at its
    /// place in <paramref name="placement"/> (a design near the answer: the tiles before a layer depend on the choices).
    /// </summary>
    public static PhaseProblem Phase1(SearchSpace space, IReadOnlyList<ChainLayer> chain, SegmentCostModel model, Placement placement, int threads)
    {
        var channels = new int[chain.Count][];
        var inputBits = new int[chain.Count];
        for (int j = 0; j < chain.Count; j++)
        {
            var c = chain[j];
            if (c.SearchedIndex < 0) { channels[j] = [c.Layer.Output.Channels]; inputBits[j] = c.Layer.InputBits ?? space.BaseChip.InputBits; continue; }
            var sl = space.Layers[c.SearchedIndex];
            channels[j] = sl.Knobs.Channels.ToArray();
            inputBits[j] = space.Phase1Default(sl).InputBits;
        }
        var stages = new StageSpec[chain.Count];
        for (int j = 0; j < chain.Count; j++)
        {
            var c = chain[j];
            int jj = j;
            int next = j + 1 < chain.Count ? inputBits[j + 1] : inputBits[j];
            int ins = j == 0 ? 1 : channels[j - 1].Length;
            Func<int, int> inChannels = c.ChannelsFollowPrevious ? i => channels[jj - 1][i] : _ => c.Layer.Input.Channels;
            if (c.SearchedIndex < 0)
            {
                stages[j] = new StageSpec(ins, 1, 1, c.ChannelsFollowPrevious, (_, _, _) => null, inChannels, _ => next);
                continue;
            }
            var sl = space.Layers[c.SearchedIndex];
            var structures = sl.Knobs.Phase1Peripherals(0, space.Phase1AdcBits, inputBits[j]);
            stages[j] = new StageSpec(ins, channels[j].Length, structures.Count, c.ChannelsFollowPrevious,
                (_, o, p) => structures[p] with { Channels = channels[jj][o] }, inChannels, _ => next);
        }
        return Build(space, chain, model, stages, placement, threads, null);
    }

    /// <summary>
    /// Phase 2: precision of every searched layer, with <paramref name="structure"/>'s network and peripherals fixed
    /// (and so its placement); options whose <paramref name="estimateSqnrDb"/> is below <paramref name="minSqnrDb"/> are disallowed.
    /// </summary>
    public static PhaseProblem Phase2(SearchSpace space, IReadOnlyList<ChainLayer> chain, SegmentCostModel model, Design structure,
        Func<string, LayerChoice, double>? estimateSqnrDb, double? minSqnrDb, int threads)
    {
        // Each layer's input precisions (one when it is not searched) and ADC resolutions.
        var bits = new int[chain.Count][];
        var adc = new int[chain.Count][];
        var own = new LayerChoice?[chain.Count];
        var outChannels = new int[chain.Count];
        for (int j = 0; j < chain.Count; j++)
        {
            var c = chain[j];
            if (c.SearchedIndex < 0)
            {
                bits[j] = [c.Layer.InputBits ?? space.BaseChip.InputBits]; adc[j] = [0]; outChannels[j] = c.Layer.Output.Channels;
                continue;
            }
            var k = space.Layers[c.SearchedIndex].Knobs;
            own[j] = structure.Choices[c.SearchedIndex];
            outChannels[j] = own[j]!.Channels;
            bits[j] = k.InputBits.ToArray();
            adc[j] = own[j]!.Readout == ReadoutKind.Adc ? k.AdcBits.ToArray() : [0];
        }
        var stages = new StageSpec[chain.Count];
        for (int j = 0; j < chain.Count; j++)
        {
            var c = chain[j];
            int jj = j;
            int inChannels = c.ChannelsFollowPrevious ? outChannels[j - 1] : c.Layer.Input.Channels;
            int outs = j + 1 < chain.Count ? bits[j + 1].Length : 1;
            Func<int, int> next = j + 1 < chain.Count ? o => bits[jj + 1][o] : _ => bits[jj][0];
            Func<int, int, int, LayerChoice?> choice = own[j] is { } s
                ? (i, _, p) => s.Readout == ReadoutKind.Adc ? s with { InputBits = bits[jj][i], AdcBits = adc[jj][p] } : s with { InputBits = bits[jj][i] }
                : (_, _, _) => null;
            stages[j] = new StageSpec(bits[j].Length, outs, adc[j].Length, true, choice, _ => inChannels, next);
        }
        Func<int, LayerChoice, bool>? allowed = estimateSqnrDb is not null && minSqnrDb is { } min
            ? (j, ch) => estimateSqnrDb(chain[j].Layer.Name, ch) >= min : null;
        return Build(space, chain, model, stages, Placement.Of(space, structure), threads, allowed);
    }

    private static PhaseProblem Build(SearchSpace space, IReadOnlyList<ChainLayer> chain, SegmentCostModel model, StageSpec[] specs,
        Placement placement, int threads, Func<int, LayerChoice, bool>? allowed)
    {
        var stages = new ChainStage[chain.Count];
        var work = new List<(int Stage, int In, int Out, int Option)>();
        for (int j = 0; j < chain.Count; j++)
        {
            var s = specs[j];
            stages[j] = new ChainStage(s.InStates, s.OutStates, s.Options);
            for (int i = 0; i < (s.CostDependsOnIn ? s.InStates : 1); i++)
                for (int o = 0; o < s.OutStates; o++)
                    for (int p = 0; p < s.Options; p++) work.Add((j, i, o, p));
        }
        var costs = new LayerCost[work.Count];
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            var (j, i, o, p) = work[k];
            var s = specs[j];
            costs[k] = model.Cost(chain[j], s.InChannels(i), s.Choice(i, o, p), s.NextInputBits(o), placement);
        });
        for (int k = 0; k < work.Count; k++)
        {
            var (j, i, o, p) = work[k];
            var s = specs[j];
            for (int ii = s.CostDependsOnIn ? i : 0; ii < (s.CostDependsOnIn ? i + 1 : s.InStates); ii++)
                stages[j].Set(ii, o, p, costs[k], allowed is null || s.Choice(ii, o, p) is not { } ch || allowed(j, ch));
        }
        var problem = new ChainProblem(stages, model.Fixed);
        problem.Validate();
        return new PhaseProblem(space, chain, specs, problem, work.Count);
    }

    /// <summary>The design a path describes.</summary>
    public Design ToDesign(ChainPath path)
    {
        var choices = new LayerChoice[_space.Layers.Count];
        for (int j = 0; j < Chain.Count; j++)
            if (Chain[j].SearchedIndex >= 0)
                choices[Chain[j].SearchedIndex] = _stages[j].Choice(path.InState(j), path.OutState[j], path.Option[j])!;
        return new Design(_space.LayerNames, choices);
    }

    /// <summary>The first path (in state order) that describes <paramref name="design"/>, or null when the design is not in this phase's space.</summary>
    public ChainPath? FromDesign(Design design)
    {
        int n = Chain.Count;
        var outs = new int[n];
        var opts = new int[n];
        bool Fits(int j, int i, int o, int p) =>
            Chain[j].SearchedIndex < 0 ? _stages[j].Choice(i, o, p) is null : _stages[j].Choice(i, o, p) == design.Choices[Chain[j].SearchedIndex];
        bool Walk(int j, int i)
        {
            if (j == n) return true;
            var s = _stages[j];
            for (int o = 0; o < s.OutStates; o++)
                for (int p = 0; p < s.Options; p++)
                {
                    if (!Fits(j, i, o, p)) continue;
                    outs[j] = o; opts[j] = p;
                    if (Walk(j + 1, o)) return true;
                }
            return false;
        }
        for (int start = 0; start < _stages[0].InStates; start++)
            if (Walk(0, start)) return new ChainPath(start, outs, opts);
        return null;
    }
}
