using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Models;
using CimSim.Workloads.Tracing;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim compile --arch FILE --network NAME|FILE [--dataset D] [--seed N] -o FILE.trace</c>: runs the
/// quantized-network compiler and streams the trace to a file (written under a temporary name, then renamed, so an
/// interrupted compile or a full disk never leaves a partial trace under the final name).
/// </summary>
public static class CompileCommand
{
    public static Command Create(TextWriter stdout)
    {
        var arch = CommonOptions.Arch(required: true);
        var network = CommonOptions.Network(required: true);
        var dataset = CommonOptions.Dataset();
        var seed = CommonOptions.Seed();
        var replicate = CommonOptions.Replicate();
        var inTiles = CommonOptions.ReplicateInTiles();
        var input = CommonOptions.Input();
        var weights = new Option<string?>("--weights") { Description = "A directory of <layer name>.npy weights (+ .bias.npy, .bn_*.npy) or a model directory; every crossbar layer needs one." };
        var workers = CommonOptions.Workers("Compiler threads.");
        var output = CommonOptions.Out("Trace file to write (required).", required: false);
        var oldOutput = CommonOptions.OldName("--output", "--out");
        var force = CommonOptions.Force();
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("compile", "Compile a network for a chip into a trace (real partial sums, seeded).")
        { arch, network, dataset, seed, replicate, inTiles, input, weights, workers.Workers, workers.Threads, output, oldOutput, force, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            string path = r.GetValue(output) ?? r.GetValue(oldOutput) ?? throw new InputException(null, 0, 0, "--out", "missing: give -o FILE.trace");
            bool f = r.GetValue(force);
            OutputFiles.CheckFile(path, f, "--out");
            var spec = ArchitectureLoader.LoadFile(r.GetValue(arch)!);
            string netSpec = r.GetValue(network)!;
            // As run reads it: a zoo network or YAML (with --weights), a trained model directory or an ONNX file.
            var (net, model) = ModelSource.Load(netSpec, r.GetValue(dataset), r.GetValue(weights));
            spec = RunCommand.SizedFor(spec, net, r.GetValue(replicate));
            // As run compiles: layers with their own readout or tiles (layers:) get them.
            var options = SimulationRunner.ForChip(spec, net, new CompileOptions
            {
                Seed = r.GetValue(seed), Dataset = net.Dataset, Replicate = r.GetValue(replicate), ReplicateInTiles = r.GetValue(inTiles),
                InputNpyPath = r.GetValue(input), Model = model, MaxThreads = CommonOptions.GetWorkers(r, workers),
            });
            var target = spec.ToMappingTarget();
            var stats = new CompileStatistics();
            var sw = Stopwatch.StartNew();
            var summary = new TraceSummary(Compiler.Header(net, target, options));
            var layers = Compiler.CompileLayers(net, target, options, stats);
            term.Progress($"compile {net.Name}", progress =>
            {
                OutputFiles.WriteStreaming(path, file =>
                {
                    var writer = new TraceWriter(file, summary.Header);
                    int done = 0;
                    progress.Report(0, net.Layers.Count);
                    foreach (var l in layers)
                    {
                        writer.WriteLayer(l);
                        summary.Add(l);
                        progress.Report(++done, net.Layers.Count, l.Name);
                    }
                    writer.Finish();
                }, f, "--out");
                return 0;
            });
            double s = sw.Elapsed.TotalSeconds;
            if (term.Quiet) return 0;
            term.Line(string.Create(CultureInfo.InvariantCulture,
                $"compiled {net.Name} ({net.Dataset}) for {spec.Name}: {summary.Layers.Count(l => l.Mapping is not null)} crossbar layers on {summary.Tiles} tiles, " +
                $"{summary.Macs:N0} MACs, {summary.CrossbarReads:N0} crossbar reads, {TraceCommand.Readouts(summary)}, {summary.NonZeroOutputs:N0} non-zero outputs"));
            term.Line(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({Units.Eng(new FileInfo(path).Length, "B")}) in {Units.Eng(s, "s")}; {stats.PartialSums:N0} partial sums ({Units.Eng(stats.PartialSums / Math.Max(stats.EngineSeconds, 1e-9), "")}/s)"));
            return 0;
        });
        return cmd;
    }
}
