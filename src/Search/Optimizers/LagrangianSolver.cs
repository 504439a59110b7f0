using CimSim.Search.Evaluation;
namespace CimSim.Search.Optimizers;

/// <summary>
/// Minimises a linear objective over a <see cref="ChainProblem"/> subject to an area band and capacity floors
/// by Lagrangian relaxation: the constraints move into the objective with multipliers (λ on area, negative to
/// push area up to the band's floor; μ, ν rewarding MACs and weights), each inner problem is solved exactly
/// by <see cref="ChainDp"/>, and each multiplier is found by bisection (area is non-increasing in λ, capacity
/// non-decreasing in μ, ν). Multipliers are adjusted one constraint at a time for a few rounds. Every distinct
/// path met on the way is kept: the relaxation can step over the band (a duality gap), and the caller's local
/// search and full simulations pick among them.
/// </summary>
public static class LagrangianSolver
{
    private const int BisectionSteps = 40;
    private const int Rounds = 6;
    private const double MaxMultiplier = 1e7;

    /// <summary>Result: every distinct path visited (in visit order) and the best one that satisfies the constraints.</summary>
    /// <param name="Visited">Distinct paths met, first visit first.</param>
    /// <param name="BestFeasible">The feasible path with the lowest linear objective, or null.</param>
    /// <param name="Solves">Dynamic programmes solved.</param>
    public sealed record Outcome(IReadOnlyList<ChainPath> Visited, ChainPath? BestFeasible, int Solves);

    /// <summary>Solves min <paramref name="w"/> · total subject to <paramref name="c"/>.</summary>
    public static Outcome Solve(ChainProblem problem, CostWeights w, LinearConstraints c)
    {
        var visited = new List<ChainPath>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ChainPath? best = null;
        double bestValue = double.PositiveInfinity;
        int solves = 0;

        (ChainPath Path, LayerCost Total)? At(double lambda, double mu, double nu, double uA, double uM, double uW)
        {
            solves++;
            var s = ChainDp.Solve(problem, w with { Area = w.Area + lambda * uA, Macs = w.Macs - mu * uM, Weights = w.Weights - nu * uW });
            if (s is null) return null;
            var path = s.Value.Path;
            var total = problem.Total(path);
            if (seen.Add(path.Key)) visited.Add(path);
            if (c.Holds(total))
            {
                double v = w.Apply(total);
                if (v < bestValue) { bestValue = v; best = path; }
            }
            return (path, total);
        }

        var start = At(0, 0, 0, 0, 0, 0);
        if (start is null) return new Outcome(visited, null, solves);
        // Units that make multipliers dimensionless: objective per mm², per MAC, per weight at the unconstrained optimum.
        double v0 = Math.Max(Math.Abs(w.Apply(start.Value.Total)), 1e-300);
        double uA = v0 / Math.Max(start.Value.Total.AreaMm2, 1e-12);
        double uM = v0 / Math.Max(start.Value.Total.Macs, 1);
        double uW = v0 / Math.Max(start.Value.Total.Weights, 1);
        double lambda = 0, mu = 0, nu = 0;
        var current = start.Value.Total;

        for (int round = 0; round < Rounds && !c.Holds(current); round++)
        {
            if (current.Macs < c.MinMacs)
                mu = Smallest(mu, t => At(lambda, t, nu, uA, uM, uW), t => t.Macs >= c.MinMacs, ref current);
            if (current.Weights < c.MinWeights)
                nu = Smallest(nu, t => At(lambda, mu, t, uA, uM, uW), t => t.Weights >= c.MinWeights, ref current);
            if (current.AreaMm2 > c.AreaMaxMm2)
                lambda = Smallest(lambda, t => At(t, mu, nu, uA, uM, uW), t => t.AreaMm2 <= c.AreaMaxMm2, ref current);
            else if (current.AreaMm2 < c.AreaMinMm2)
                lambda = -Smallest(-lambda, t => At(-t, mu, nu, uA, uM, uW), t => t.AreaMm2 >= c.AreaMinMm2, ref current);
        }
        return new Outcome(visited, best, solves);
    }

    /// <summary>
    /// The smallest multiplier t ≥ <paramref name="from"/> whose solution satisfies <paramref name="ok"/>
    /// (geometric expansion, then bisection); <paramref name="current"/> becomes that solution's total. When no
    /// multiplier up to the cap works, returns the cap and leaves the last solution in <paramref name="current"/>.
    /// </summary>
    private static double Smallest(double from, Func<double, (ChainPath Path, LayerCost Total)?> solve, Func<LayerCost, bool> ok, ref LayerCost current)
    {
        double lo = from, hi = Math.Max(from, 1e-9);
        (ChainPath Path, LayerCost Total)? atHi = null;
        while (true)
        {
            atHi = solve(hi);
            if (atHi is { } h && ok(h.Total)) break;
            if (hi >= MaxMultiplier) { if (atHi is { } last) current = last.Total; return hi; }
            lo = hi;
            hi = Math.Min(MaxMultiplier, hi * 4);
        }
        for (int k = 0; k < BisectionSteps && hi - lo > 1e-12 * hi; k++)
        {
            double mid = 0.5 * (lo + hi);
            var m = solve(mid);
            if (m is { } mm && ok(mm.Total)) { hi = mid; atHi = m; }
            else lo = mid;
        }
        current = atHi!.Value.Total;
        return hi;
    }
}
