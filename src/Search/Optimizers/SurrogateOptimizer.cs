using CimSim.Search.Space;
using CimSim.Search.Evaluation;
namespace CimSim.Search.Optimizers;

/// <summary>
/// The structure-exploiting optimiser of one phase, on the surrogate model. The objective F(E, L, A) is a
/// non-linear function of additive sums (energy also couples leakage and latency), so it is linearised at the
/// current point; the linear problem under the area band and capacity floors is solved by
/// <see cref="LagrangianSolver"/> (exact <see cref="ChainDp"/> inside, multipliers by bisection); its best
/// feasible answer is polished by <see cref="ChainLocalSearch"/> with the true F and becomes the next
/// linearisation point, until a point repeats. Further starts linearise pure latency and pure energy. Every
/// distinct path met is a candidate; the feasible ones, ranked by the surrogate's F, are the finalists that the
/// full simulator then evaluates.
/// </summary>
public static class SurrogateOptimizer
{
    private const int MaxLinearizations = 12;
    private const int PolishedCandidates = 24;

    /// <summary>A finalist: the design, its chain path and the surrogate's prediction.</summary>
    /// <param name="Design">The design.</param>
    /// <param name="Predicted">The surrogate's totals for it.</param>
    /// <param name="Objective">The surrogate's objective value.</param>
    /// <param name="Feasible">Whether the surrogate finds it within the constraints.</param>
    public sealed record Finalist(Design Design, LayerCost Predicted, double Objective, bool Feasible);

    /// <summary>What a run found: finalists best first, and how much work it took.</summary>
    /// <param name="Finalists">Up to the requested number of distinct designs, surrogate-feasible first, best first.</param>
    /// <param name="Candidates">Distinct paths met.</param>
    /// <param name="DpSolves">Dynamic programmes solved.</param>
    public sealed record Outcome(IReadOnlyList<Finalist> Finalists, int Candidates, int DpSolves);

    /// <summary>
    /// Runs the optimiser on <paramref name="phase"/> from <paramref name="start"/> and returns up to
    /// <paramref name="count"/> finalists, never one of <paramref name="exclude"/> (already evaluated).
    /// </summary>
    public static Outcome Run(PhaseProblem phase, SearchObjective objective, DesignMetrics? baseline, LinearConstraints c,
        Design start, int count, ISet<string>? exclude = null)
    {
        var problem = phase.Problem;
        double F(LayerCost t) => objective.Value(t.Metrics, baseline);
        var paths = new Dictionary<string, ChainPath>(StringComparer.Ordinal);
        var order = new List<string>();
        int solves = 0;
        void Add(ChainPath p) { if (paths.TryAdd(p.Key, p)) order.Add(p.Key); }

        var startPath = phase.FromDesign(start);
        var starts = new List<LayerCost>();
        if (startPath is not null) { Add(startPath); starts.Add(problem.Total(startPath)); }
        var anyPath = ChainDp.Solve(problem, new CostWeights(1, 0, 0, 0, 0, 0));
        if (anyPath is null) return new Outcome([], 0, 1);
        starts.Add(problem.Total(anyPath.Value.Path));

        // Linearisation chains from the start design and from the fastest design; then pure-energy weights.
        var weightStarts = starts.Select(t => Linearize(objective, t, baseline)).ToList();
        weightStarts.Add(Linearize(new SearchObjective(ObjectiveKind.Latency), starts[0], baseline));
        weightStarts.Add(Linearize(new SearchObjective(ObjectiveKind.Energy), starts[0], baseline));
        foreach (var w0 in weightStarts)
        {
            var w = w0;
            var iterates = new HashSet<string>(StringComparer.Ordinal);
            for (int it = 0; it < MaxLinearizations; it++)
            {
                var lr = LagrangianSolver.Solve(problem, w, c);
                solves += lr.Solves;
                foreach (var p in lr.Visited) Add(p);
                if (lr.BestFeasible is not { } next) break;
                var polished = ChainLocalSearch.Improve(problem, next, F, c);
                Add(polished);
                if (!iterates.Add(polished.Key)) break;
                w = Linearize(objective, problem.Total(polished), baseline);
            }
        }

        // Polish the most promising candidates with the true objective.
        var ranked = Rank(problem, paths, order, F, c);
        foreach (var key in ranked.Take(PolishedCandidates).ToList()) Add(ChainLocalSearch.Improve(problem, paths[key], F, c));
        ranked = Rank(problem, paths, order, F, c);

        var finalists = new List<Finalist>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        void Take(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                if (finalists.Count >= count) return;
                var path = paths[key];
                var design = phase.ToDesign(path);
                if (exclude?.Contains(design.Key) == true || !taken.Add(design.Key)) continue;
                var t = problem.Total(path);
                finalists.Add(new Finalist(design, t, F(t), c.Holds(t)));
            }
        }
        Take(ranked);
        // Budget left: the best single-layer variations of the finalists, so the full simulator checks the
        // surrogate's near-optima rather than nothing.
        for (int round = 0; finalists.Count < count && round < 8; round++)
        {
            int before = paths.Count;
            foreach (var f in finalists.ToList())
                if (phase.FromDesign(f.Design) is { } p) foreach (var n in Neighbours(problem, p)) Add(n);
            if (paths.Count == before) break;
            Take(Rank(problem, paths, order, F, c));
        }
        return new Outcome(finalists, paths.Count, solves);
    }

    /// <summary>
    /// The objective's linearisation at <paramref name="at"/> plus a millionth of EDAP's, so that among choices the
    /// objective cannot tell apart (e.g. ADC resolutions of a flash ADC under a latency objective) the cheaper wins.
    /// </summary>
    private static CostWeights Linearize(SearchObjective objective, LayerCost at, DesignMetrics? baseline)
    {
        var w = CostWeights.Linearize(objective, at, baseline);
        var e = CostWeights.Linearize(new SearchObjective(ObjectiveKind.Edap), at, baseline);
        double scale = Math.Abs(w.Apply(at)), edap = Math.Abs(e.Apply(at));
        if (!(scale > 0) || !(edap > 0)) return w;
        double k = 1e-6 * scale / edap;
        return new CostWeights(w.Latency + k * e.Latency, w.DynamicEnergy + k * e.DynamicEnergy, w.Area + k * e.Area,
            w.Leakage + k * e.Leakage, w.Macs, w.Weights);
    }

    /// <summary>Every allowed path that differs from <paramref name="p"/> in one stage's output state and option, or in its start state.</summary>
    private static IEnumerable<ChainPath> Neighbours(ChainProblem problem, ChainPath p)
    {
        for (int i = 0; i < problem.Stages[0].InStates; i++)
            if (i != p.Start && new ChainPath(i, p.OutState, p.Option) is var m && problem.Allowed(m)) yield return m;
        for (int j = 0; j < problem.Stages.Count; j++)
        {
            var s = problem.Stages[j];
            for (int o = 0; o < s.OutStates; o++)
                for (int q = 0; q < s.Options; q++)
                {
                    if (o == p.OutState[j] && q == p.Option[j]) continue;
                    var outs = (int[])p.OutState.Clone();
                    var opts = (int[])p.Option.Clone();
                    outs[j] = o; opts[j] = q;
                    var n = new ChainPath(p.Start, outs, opts);
                    if (problem.Allowed(n)) yield return n;
                }
        }
    }

    /// <summary>Allowed paths: feasible by objective, then infeasible by violation; ties by EDAP, then key.</summary>
    private static List<string> Rank(ChainProblem problem, Dictionary<string, ChainPath> paths, List<string> order,
        Func<LayerCost, double> f, LinearConstraints c)
    {
        var rows = order.Where(k => problem.Allowed(paths[k])).Select(k =>
        {
            var t = problem.Total(paths[k]);
            return (Key: k, V: c.Violation(t), F: f(t), Edap: t.Metrics.EdapPjNsMm2);
        }).ToList();
        rows.Sort((a, b) =>
        {
            bool fa = a.V == 0, fb = b.V == 0;
            if (fa != fb) return fa ? -1 : 1;
            int r = fa ? a.F.CompareTo(b.F) : a.V.CompareTo(b.V);
            if (r == 0) r = a.Edap.CompareTo(b.Edap);
            return r != 0 ? r : string.CompareOrdinal(a.Key, b.Key);
        });
        return rows.Select(r => r.Key).ToList();
    }
}
