using System.CommandLine;
using System.Diagnostics;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Models;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim run</c>: compile a network for a chip, replay it cycle by cycle, report what it cost.</summary>
public static class RunCommand
{
    public const string DefaultArchitecture = "architectures/hcim.yaml";
    public const string DefaultNetwork = "resnet20";

    public static Command Create(TextWriter stdout)
    {
        var arch = CommonOptions.Arch(required: false, DefaultArchitecture);
        var network = CommonOptions.Network(required: false, DefaultNetwork);
        var dataset = CommonOptions.Dataset();
        var traceFile = CommonOptions.NotEmpty(new Option<string?>("--trace") { Description = "Replay this compiled trace (cimsim compile) instead of compiling a network; the trace fixes the network, dataset, seed and replication." });
        var seed = CommonOptions.Seed();
        var schedule = CommonOptions.Schedule();
        var detailed = new Option<bool>("--detailed") { Description = "An event per crossbar read and stage (slow; same results)." };
        var replicate = CommonOptions.Replicate();
        var inTiles = CommonOptions.ReplicateInTiles();
        var json = CommonOptions.Json("the report");
        var csv = CommonOptions.NotEmpty(new Option<string?>("--csv") { Description = "Write the report as CSV tables into this directory (created if missing; its parent must exist)." });
        var countsOut = CommonOptions.NotEmpty(new Option<string?>("--counts") { Description = "Write the action counts (cimsim.counts/1, docs/COUNTS.md) to this file, for cimsim cost." });
        var input = CommonOptions.Input();
        var weights = CommonOptions.Weights();
        var images = RunAccuracy.Images();
        var noAccuracy = RunAccuracy.Skip();
        var force = CommonOptions.Force();
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("run", "Simulate a network on a chip and report energy, latency, area, EDAP, TOPS/W, TOPS/mm², and a trained network's accuracy on it.")
        { arch, network, dataset, traceFile, seed, schedule, detailed, replicate, inTiles, input, weights, json, csv, countsOut, images, noAccuracy, force, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            var archPath = r.GetValue(arch)!;
            if (archPath == DefaultArchitecture) archPath = OutputFiles.Bundled(DefaultArchitecture);
            var options = new ReplayOptions(r.GetValue(schedule) == "pipelined" ? LayerSchedule.Pipelined : LayerSchedule.LayerByLayer, r.GetValue(detailed));
            bool f = r.GetValue(force);
            string? jsonPath = CommonOptions.GetJson(r, json);
            string? csvDir = r.GetValue(csv);
            string? tracePath = r.GetValue(traceFile);
            // A trace already fixes what these options would choose: refuse them rather than ignore them.
            if (tracePath is not null)
                foreach (Option o in new Option[] { network, dataset, seed, replicate, inTiles, input, weights, images })
                    if (CommonOptions.Given(r, o))
                        throw new InputException(null, 0, 0, o.Name, $"cannot be used with --trace: the trace fixes the network, dataset, seed and replication ('cimsim trace info {tracePath}' shows them)");
            // Outputs are checked before simulating.
            CheckReportOutputs(jsonPath, csvDir, f);
            string? countsPath = r.GetValue(countsOut);
            if (countsPath is not null) OutputFiles.CheckFile(countsPath, f, "--counts");
            var sw = Stopwatch.StartNew();
            // A network named on the command line loads (weights and all) while the chip's YAML does; the chip's errors are
            // still the first reported.
            bool named = tracePath is null && (CommonOptions.Given(r, network) || CommonOptions.Given(r, dataset));
            var namedModel = named ? Task.Run(() => ModelSource.Load(r.GetValue(network)!, r.GetValue(dataset), r.GetValue(weights))) : null;
            var spec = ArchitectureLoader.LoadFile(archPath);
            if (spec.Dataflow == DataflowKind.NeuroSim && options.Schedule == LayerSchedule.Pipelined)
                throw new InputException(null, 0, 0, "--schedule", $"pipelined: {archPath} has hierarchy.dataflow: neurosim, which runs one layer at a time");
            NetworkTrace trace;
            ChipModel chip;
            TrainedModel? model = null;
            LabeledImages? accuracyImages = null;
            if (tracePath is not null)
            {
                term.Note($"reading {tracePath}...");
                trace = TraceReader.ReadFile(tracePath);
                chip = ChipModel.Build(ChipAssembly.SizedFor(spec, trace));
            }
            else
            {
                (var net, model) = namedModel?.GetAwaiter().GetResult() ?? ModelSource.Load(DefaultNetworkFor(archPath, spec), r.GetValue(dataset), r.GetValue(weights));
                RunAccuracy.CheckImagesGiven(r, images, [model]);
                accuracyImages = RunAccuracy.OpenImages(model, r.GetValue(dataset), r.GetValue(images), r.GetValue(noAccuracy));
                chip = ChipModel.Build(SizedFor(spec, net, r.GetValue(replicate)));
                // The notes come once the inputs are checked (a bad input is then the only line); the compile reports no
                // progress of its own, so no progress bar runs beside it.
                trace = SimulationRunner.Compile(chip, net, new CompileOptions
                {
                    Seed = r.GetValue(seed), Dataset = net.Dataset, Replicate = r.GetValue(replicate), ReplicateInTiles = r.GetValue(inTiles), Model = model,
                    InputNpyPath = r.GetValue(input), Checked = () =>
                    {
                        if (spec.AutoTiles) term.Note($"tiles: auto: {chip.Spec.Tiles} tiles hold {net.Name}");
                        term.Note($"compiling {net.Name} for {chip.Spec.Name}...");
                    },
                });
            }
            double compileS = sw.Elapsed.TotalSeconds;
            term.Note($"trace ready in {compileS:F2} s; replaying{(options.Detailed ? " (detailed)" : "")}...");
            var (report, counts) = term.Progress("replay", _ => (SimulationRunner.SimulateAndCount(chip, trace, options, out var c), c));
            term.Note($"replayed in {sw.Elapsed.TotalSeconds - compileS:F2} s ({report.EventsProcessed:N0} events)");
            if (model is not null && accuracyImages is not null)
            {
                term.Note($"measuring accuracy on {accuracyImages.Count:N0} images of {accuracyImages.Name}...");
                report = report with { Accuracy = RunAccuracy.Measure(chip.Spec, model, accuracyImages, term) };
            }
            foreach (var written in Write(report, jsonPath, csvDir, countsPath is null ? null : (countsPath, CountsFile.Write(counts)), f, term.Out)) term.Note($"wrote {written}");
            if (!term.Quiet && jsonPath != "-") ReportPrinter.Print(report, term);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The network of a run without --network and --dataset: the shipped trained model that fits the chip best
    /// (<see cref="ModelSource.DefaultModelFor"/>: precisions equal, PSQ-trained for this chip first), else the zoo's
    /// <see cref="DefaultNetwork"/> with seeded random weights.
    /// </summary>
    public static string DefaultNetworkFor(string archPath, ChipSpec spec) =>
        ModelSource.DefaultModelFor(OutputFiles.Bundled("models"), archPath, spec.WeightBits, spec.InputBits, spec.Readout) ?? DefaultNetwork;

    /// <summary>
    /// <paramref name="spec"/> sized for <paramref name="network"/> (<see cref="ChipAssembly.SizedFor(ChipSpec, Network)"/>).
    /// Replication spends spare tiles, and a chip with <c>tiles: auto</c> has none: --replicate on it is refused, not ignored.
    /// </summary>
    public static ChipSpec SizedFor(ChipSpec spec, Network network, bool replicate)
    {
        var sized = ChipAssembly.SizedFor(spec, network);
        if (!spec.AutoTiles) // the network fits (else one line naming the chip file's field)
            try { SimulationRunner.LayerTiles(spec, network); }
            catch (InputException e) when (e.File is null && e.Field == "network") { throw SimulationRunner.InChipFile(spec, e); }
        if (replicate && spec.AutoTiles)
            throw new InputException(null, 0, 0, "--replicate",
                $"{spec.FileName} has hierarchy.tiles: auto, which sizes the chip to one copy of each layer ({sized.Tiles} tiles for {network.Name}), " +
                "so there are no spare tiles to replicate onto; give hierarchy.tiles a number above that to replicate");
        return sized;
    }

    /// <summary>Checks, before any simulation, where <see cref="Write"/> will put the report (--json FILE, --csv DIR).</summary>
    public static void CheckReportOutputs(string? json, string? csvDir, bool force)
    {
        if (json is not null and not "-") OutputFiles.CheckFile(json, force, "--json");
        if (csvDir is not null) OutputFiles.CheckDirectory(csvDir, force, "--csv", ReportCsv.FileNames);
    }

    /// <summary>
    /// Writes the JSON (to <paramref name="stdout"/> when <paramref name="json"/> is "-") and CSV outputs that were
    /// asked for, all or nothing; returns what was written where.
    /// </summary>
    public static IReadOnlyList<string> Write(SimulationReport report, string? json, string? csvDir, (string Path, string Content)? counts,
        bool force, TextWriter stdout)
    {
        var files = new List<(string Path, string Content)>();
        var written = new List<string>();
        if (json == "-") stdout.WriteLine(ReportJson.Write(report).TrimEnd());
        else if (json is not null)
        {
            files.Add((json, ReportJson.Write(report)));
            written.Add($"{json} (report JSON)");
        }
        if (csvDir is not null)
        {
            var tables = ReportCsv.Tables(report);
            foreach (var (name, content) in tables) files.Add((Path.Combine(csvDir, name), content));
            written.Add($"{csvDir}/ ({string.Join(", ", tables.Select(t => t.FileName))})");
        }
        if (counts is { } c)
        {
            files.Add(c);
            written.Add($"{c.Path} (action counts)");
        }
        // Several options, one output set: --json and --csv are written together or not at all.
        if (files.Count > 0) OutputFiles.WriteAll(files, force, json is not null and not "-" ? "--json" : csvDir is not null ? "--csv" : "--counts");
        return written;
    }
}
