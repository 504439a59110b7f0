using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;

namespace CimSim.Search.Sweep;

/// <summary>
/// Runs one sweep point exactly as <c>cimsim run --arch CHIP --network NET --dataset DS --seed S</c> does: compile
/// (real partial sums, seeded) and replay cycle by cycle, layer by layer. A point whose network cannot run on its
/// chip (an <see cref="InputException"/>, e.g. too few tiles) gives a result with that error, not an exception.
/// Thread-safe; results do not depend on the compile threads or the shared layer cache.
/// </summary>
public sealed class SweepEvaluator(SweepSpec spec, int compileThreads = 1, LayerCache? layerCache = null)
{
    /// <summary>Evaluates <paramref name="p"/>.</summary>
    public SweepResult Evaluate(SweepPoint p)
    {
        try
        {
            var chip = ChipModel.Build(p.Chip);
            var net = NetworkSource.Load(p.Network, p.Dataset);
            var trace = SimulationRunner.Compile(chip, net, new CompileOptions
            {
                Seed = p.Seed, Dataset = net.Dataset, MaxThreads = Math.Max(1, compileThreads), LayerCache = layerCache,
            });
            var t = SimulationRunner.Simulate(chip, trace, new ReplayOptions()).Totals;
            return SweepResultJson.Ran(spec, p, p.NetworkLabel, net.Dataset, t.EnergyPj, t.LatencyNs, t.AreaMm2, t.EdapPjNsMm2,
                t.TopsPerW, t.TopsPerMm2, t.Ops / 2);
        }
        catch (InputException e)
        {
            return SweepResultJson.Failed(spec, p, e.File is null ? e.Reason : e.Message);
        }
    }
}
