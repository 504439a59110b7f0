using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Onnx;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim compile --arch FILE --network NAME|FILE [--dataset D] [--seed N] -o FILE.trace</c>: runs the
/// quantized-network compiler and streams the trace to a file (written beside it, then renamed, so an
/// interrupted compile never leaves a partial trace under the final name).
/// </summary>
public static class CompileCommand
{
    public static Command Create(TextWriter stdout)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture YAML.", Required = true };
        var network = new Option<string>("--network") { Description = "Zoo network (vgg8, vgg16, resnet20, resnet18; e.g. vgg16:channels=...) or a network YAML file.", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "cifar10, cifar100, tinyimagenet or imagenet (default: the network's own)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random weights and inputs.", DefaultValueFactory = _ => 1 };
        var replicate = new Option<bool>("--replicate") { Description = "Copy the busiest layers onto spare tiles." };
        var input = new Option<string?>("--input") { Description = "A .npy input image (C×H×W) instead of a random one." };
        var weights = new Option<string?>("--weights") { Description = "A directory of <layer name>.npy weights (+ .bias.npy, .bn_*.npy) or a model directory; every crossbar layer needs one." };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0: every core); results do not depend on it.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output", "-o") { Description = "Trace file to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing trace." };
        var cmd = new Command("compile", "Compile a network for a chip into a trace (real partial sums, seeded).")
        { arch, network, dataset, seed, replicate, input, weights, threads, output, force };
        cmd.SetAction(r =>
        {
            string path = r.GetValue(output)!;
            if (File.Exists(path) && !r.GetValue(force)) throw new InputException(null, 0, 0, "--output", $"'{path}' exists; pass --force to overwrite it");
            if (r.GetValue(threads) < 0) throw new InputException(null, 0, 0, "--threads", $"must be 0 or more, got {r.GetValue(threads)}");
            var spec = ArchitectureLoader.LoadFile(r.GetValue(arch)!);
            string netSpec = r.GetValue(network)!;
            var onnx = netSpec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? OnnxImporter.Load(netSpec, r.GetValue(dataset)) : null;
            var net = onnx?.Network ?? NetworkSource.Load(netSpec, r.GetValue(dataset));
            var options = new CompileOptions
            {
                Seed = r.GetValue(seed), Dataset = net.Dataset, Architecture = spec.Name, Replicate = r.GetValue(replicate),
                InputNpyPath = r.GetValue(input), WeightsDirectory = r.GetValue(weights), Model = onnx, MaxThreads = r.GetValue(threads),
            };
            var target = spec.ToMappingTarget();
            var stats = new CompileStatistics();
            var sw = Stopwatch.StartNew();
            var summary = new TraceSummary(Compiler.Header(net, target, options));
            var layers = Compiler.CompileLayers(net, target, options, stats);
            string partial = path + ".partial";
            try
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(path));
                if (dir is not null) Directory.CreateDirectory(dir);
                using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var writer = new TraceWriter(file, summary.Header);
                    foreach (var l in layers)
                    {
                        writer.WriteLayer(l);
                        summary.Add(l);
                    }
                    writer.Finish();
                }
                File.Move(partial, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(null, 0, 0, "--output", $"cannot write '{path}': {e.Message}");
            }
            finally
            {
                if (File.Exists(partial)) File.Delete(partial);
            }
            double s = sw.Elapsed.TotalSeconds;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compiled {net.Name} ({net.Dataset}) for {spec.Name}: {summary.Layers.Count(l => l.Mapping is not null)} crossbar layers on {summary.Tiles} tiles, " +
                $"{summary.Macs:N0} MACs, {summary.CrossbarReads:N0} crossbar reads, {TraceCommand.Readouts(summary)}, {summary.NonZeroOutputs:N0} non-zero outputs"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({new FileInfo(path).Length:N0} bytes) in {s:F2} s; {stats.PartialSums:N0} partial sums ({stats.PartialSums / Math.Max(stats.EngineSeconds, 1e-9):E2}/s)"));
            return 0;
        });
        return cmd;
    }
}
