using System.CommandLine;
using System.Diagnostics;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim run</c>: compile a network for a chip, replay it cycle by cycle, report what it cost.</summary>
public static class RunCommand
{
    public const string DefaultArchitecture = "architectures/hcim.yaml";
    public const string DefaultNetwork = "resnet20";

    public static Command Create(TextWriter stdout)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture YAML.", DefaultValueFactory = _ => DefaultArchitecture };
        var network = new Option<string>("--network") { Description = "Zoo network (vgg8, vgg16, resnet20, resnet18; e.g. vgg16:channels=...) or a network YAML file.", DefaultValueFactory = _ => DefaultNetwork };
        var dataset = new Option<string?>("--dataset") { Description = "cifar10, cifar100, tinyimagenet or imagenet (default: the network's own)." };
        var traceFile = new Option<string?>("--trace") { Description = "Replay this compiled trace (cimsim compile) instead of compiling --network." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random weights and inputs.", DefaultValueFactory = _ => 1 };
        var schedule = new Option<string>("--schedule") { Description = "layer-by-layer or pipelined.", DefaultValueFactory = _ => "layer-by-layer" };
        schedule.AcceptOnlyFromAmong("layer-by-layer", "pipelined");
        var detailed = new Option<bool>("--detailed") { Description = "An event per crossbar read and stage (slow; same results)." };
        var replicate = new Option<bool>("--replicate") { Description = "Copy small layers onto spare tiles for throughput." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var csv = new Option<string?>("--csv") { Description = "Write the report as CSV tables into this directory." };
        var countsOut = new Option<string?>("--counts") { Description = "Write the action counts (cimsim.counts/1, docs/COUNTS.md) to this file, for cimsim cost." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files." };
        var quiet = new Option<bool>("--quiet") { Description = "Print no summary." };
        var cmd = new Command("run", "Simulate a network on a chip and report energy, latency, area, EDAP, TOPS/W, TOPS/mm².")
        { arch, network, dataset, traceFile, seed, schedule, detailed, replicate, json, csv, countsOut, force, quiet };
        cmd.SetAction(r =>
        {
            var archPath = r.GetValue(arch)!;
            if (archPath == DefaultArchitecture) archPath = OutputFiles.Bundled(DefaultArchitecture);
            var options = new ReplayOptions(r.GetValue(schedule) == "pipelined" ? LayerSchedule.Pipelined : LayerSchedule.LayerByLayer, r.GetValue(detailed));
            if (r.GetValue(json) is { } jsonPath) OutputFiles.CheckFree(jsonPath, r.GetValue(force), "--json");
            if (r.GetValue(countsOut) is { } countsPath) OutputFiles.CheckFree(countsPath, r.GetValue(force), "--counts");
            if (r.GetValue(csv) is { } csvDir)
                foreach (var name in ReportCsv.FileNames) OutputFiles.CheckFree(Path.Combine(csvDir, name), r.GetValue(force), "--csv");
            var progress = Console.Error;
            var sw = Stopwatch.StartNew();
            var chip = ChipModel.Build(ArchitectureLoader.LoadFile(archPath));
            NetworkTrace trace;
            if (r.GetValue(traceFile) is { } path)
            {
                progress.WriteLine($"cimsim: reading {path}...");
                trace = TraceReader.ReadFile(path);
            }
            else
            {
                var net = NetworkSource.Load(r.GetValue(network)!, r.GetValue(dataset));
                progress.WriteLine($"cimsim: compiling {net.Name} for {chip.Spec.Name}...");
                trace = SimulationRunner.Compile(chip, net, new CompileOptions
                {
                    Seed = r.GetValue(seed), Dataset = net.Dataset, Replicate = r.GetValue(replicate),
                });
            }
            double compileS = sw.Elapsed.TotalSeconds;
            progress.WriteLine($"cimsim: trace ready in {compileS:F2} s; replaying{(options.Detailed ? " (detailed)" : "")}...");
            var report = SimulationRunner.SimulateAndCount(chip, trace, options, out var counts);
            progress.WriteLine($"cimsim: replayed in {sw.Elapsed.TotalSeconds - compileS:F2} s ({report.EventsProcessed:N0} events)");
            Write(report, r.GetValue(json), r.GetValue(csv), r.GetValue(force));
            if (r.GetValue(countsOut) is { } countsFile) OutputFiles.Write(countsFile, CountsFile.Write(counts), r.GetValue(force), "--counts");
            if (!r.GetValue(quiet)) ReportPrinter.Print(report, stdout);
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the JSON and CSV outputs that were asked for.</summary>
    public static void Write(SimulationReport report, string? json, string? csvDir, bool force)
    {
        if (json is not null) OutputFiles.Write(json, ReportJson.Write(report), force, "--json");
        if (csvDir is not null)
            foreach (var (name, content) in ReportCsv.Tables(report))
                OutputFiles.Write(Path.Combine(csvDir, name), content, force, "--csv");
    }
}
