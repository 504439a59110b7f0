using CimSim.Workloads.Randomness;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;

namespace CimSim.Search.Optimizers;

/// <summary>
/// The plain evolutionary baseline: a (μ + λ) genetic algorithm on the full simulator only. Genes are per layer
/// (phase 1: channel index and peripheral-structure index; phase 2: precision-variant index). The first
/// generation is the start design and random designs; each next generation comes from binary tournaments,
/// uniform crossover per gene and per-gene mutation (probability 1/genes, at least one gene), never repeating a
/// design; survivors are the best μ of parents and children by <see cref="DesignAssessment.Compare"/>. All random
/// choices come from one seeded xoshiro256** stream, so a seed fixes the run.
/// </summary>
public static class EvolutionaryOptimizer
{
    /// <summary>Evaluates a generation: one result per design, in order.</summary>
    public delegate IReadOnlyList<EvaluatedDesign> Evaluate(IReadOnlyList<Design> generation);

    /// <summary>
    /// Runs the baseline on <paramref name="phase"/> (1 or 2) from <paramref name="start"/> until
    /// <paramref name="budget"/> distinct designs have been evaluated; returns them in proposal order.
    /// </summary>
    public static IReadOnlyList<EvaluatedDesign> Run(SearchSpace space, int phase, Design start, int budget, int population, ulong seed, Evaluate evaluate)
    {
        var genes = Genes(space, phase, start);
        var rng = Xoshiro256StarStar.ForStream(seed, (ulong)(0xE0 + phase));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<EvaluatedDesign>();
        int mu = Math.Max(2, population);

        var first = new List<int[]>();
        var startGenome = Encode(genes, start);
        if (startGenome is not null && seen.Add(Decode(space, genes, startGenome, start).Key)) first.Add(startGenome);
        for (int tries = 0; first.Count < Math.Min(mu, budget) && tries < 100 * mu; tries++)
        {
            var g = genes.Select(d => Next(ref rng, d.Count)).ToArray();
            if (seen.Add(Decode(space, genes, g, start).Key)) first.Add(g);
        }
        var parents = Score(first);

        while (all.Count < budget)
        {
            var children = new List<int[]>();
            int want = Math.Min(mu, budget - all.Count);
            for (int tries = 0; children.Count < want && tries < 100 * mu; tries++)
            {
                var a = Tournament(ref rng, parents).Genome;
                var b = Tournament(ref rng, parents).Genome;
                var child = new int[genes.Count];
                for (int k = 0; k < child.Length; k++) child[k] = (rng.NextUInt64() & 1) == 0 ? a[k] : b[k];
                bool mutated = false;
                for (int k = 0; k < child.Length; k++)
                    if (genes[k].Count > 1 && Next(ref rng, genes.Count) == 0) { child[k] = Next(ref rng, genes[k].Count); mutated = true; }
                if (!mutated)
                {
                    var free = Enumerable.Range(0, genes.Count).Where(k => genes[k].Count > 1).ToArray();
                    if (free.Length > 0) { int k = free[Next(ref rng, free.Length)]; child[k] = Next(ref rng, genes[k].Count); }
                }
                if (seen.Add(Decode(space, genes, child, start).Key)) children.Add(child);
            }
            if (children.Count == 0) break;
            var scored = Score(children);
            parents = parents.Concat(scored).OrderBy(x => x.Evaluated, Comparer<EvaluatedDesign>.Create(EvaluatedDesign.Compare)).Take(mu).ToList();
        }
        return all;

        List<(int[] Genome, EvaluatedDesign Evaluated)> Score(List<int[]> genomes)
        {
            var designs = genomes.Select(g => Decode(space, genes, g, start)).ToList();
            var results = evaluate(designs);
            all.AddRange(results);
            return genomes.Select((g, i) => (g, results[i])).ToList();
        }
    }

    /// <summary>Per gene, its values: phase 1 two genes per layer (channels, structures), phase 2 one (precision variants).</summary>
    private static List<List<object>> Genes(SearchSpace space, int phase, Design start)
    {
        var genes = new List<List<object>>();
        for (int i = 0; i < space.Layers.Count; i++)
        {
            var l = space.Layers[i];
            if (phase == 1)
            {
                var d = space.Phase1Default(l);
                genes.Add(l.Knobs.Channels.Cast<object>().ToList());
                genes.Add(l.Knobs.Phase1Peripherals(d.Channels, space.Phase1AdcBits, d.InputBits).Cast<object>().ToList());
            }
            else genes.Add(l.Knobs.Phase2Variants(start.Choices[i]).Cast<object>().ToList());
        }
        return genes;
    }

    private static Design Decode(SearchSpace space, List<List<object>> genes, int[] g, Design start)
    {
        var choices = new LayerChoice[space.Layers.Count];
        for (int i = 0; i < choices.Length; i++)
            choices[i] = genes.Count == 2 * choices.Length
                ? ((LayerChoice)genes[2 * i + 1][g[2 * i + 1]]) with { Channels = (int)genes[2 * i][g[2 * i]] }
                : (LayerChoice)genes[i][g[i]];
        return new Design(space.LayerNames, choices);
    }

    private static int[]? Encode(List<List<object>> genes, Design d)
    {
        var g = new int[genes.Count];
        bool phase1 = genes.Count == 2 * d.Choices.Count;
        for (int i = 0; i < d.Choices.Count; i++)
        {
            var c = d.Choices[i];
            if (phase1)
            {
                g[2 * i] = genes[2 * i].IndexOf(c.Channels);
                g[2 * i + 1] = genes[2 * i + 1].Cast<LayerChoice>().ToList().FindIndex(x => x.PeripheralKey == c.PeripheralKey && x.InputBits == c.InputBits);
                if (g[2 * i] < 0 || g[2 * i + 1] < 0) return null;
            }
            else if ((g[i] = genes[i].IndexOf(c)) < 0) return null;
        }
        return g;
    }

    private static (int[] Genome, EvaluatedDesign Evaluated) Tournament(ref Xoshiro256StarStar rng, List<(int[] Genome, EvaluatedDesign Evaluated)> pool)
    {
        var a = pool[Next(ref rng, pool.Count)];
        var b = pool[Next(ref rng, pool.Count)];
        return EvaluatedDesign.Compare(a.Evaluated, b.Evaluated) <= 0 ? a : b;
    }

    /// <summary>A uniform integer in [0, n) (Lemire's multiply-shift; bias below 2⁻³² for small n).</summary>
    private static int Next(ref Xoshiro256StarStar rng, int n) => (int)(((rng.NextUInt64() >> 32) * (ulong)n) >> 32);
}
