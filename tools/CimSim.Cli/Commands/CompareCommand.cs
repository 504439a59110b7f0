using System.CommandLine;
using System.Text;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Models;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim compare A.yaml B.yaml … -o DIR</c>: every chip runs the same network with the same seeded weights and
/// inputs; writes compare.json, compare.csv and the breakdown plots into DIR (all or none), prints the advantage table.
/// </summary>
public static class CompareCommand
{
    public static Command Create(TextWriter stdout)
    {
        var chips = new Argument<string[]>("architectures") { Description = "Architecture YAML files; the first is the baseline of the ratios.", Arity = ArgumentArity.OneOrMore };
        var network = new Option<string[]>("--network")
        {
            Description = "Zoo network, network YAML, trained model directory or ONNX model: once for every chip, or once per chip in the same order (e.g. a searched network on its chip). A trained network's accuracy is measured on every chip with the same images.",
            DefaultValueFactory = _ => [RunCommand.DefaultNetwork],
        };
        var dataset = CommonOptions.Dataset();
        var seed = CommonOptions.Seed();
        var schedule = CommonOptions.Schedule();
        var outDir = CommonOptions.Out("Directory for compare.json, compare.csv and the plots (created if missing; its parent must exist).", required: true);
        var images = RunAccuracy.Images();
        var noAccuracy = RunAccuracy.Skip();
        var force = CommonOptions.Force();
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("compare", "Simulate several chips on the same network and compare them (ratios against the first).")
        { chips, network, dataset, seed, schedule, outDir, images, noAccuracy, force, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            string dir = r.GetValue(outDir)!;
            bool f = r.GetValue(force);
            string[] names = ["compare.json", "compare.csv", .. ReportPlots.FileNames];
            OutputFiles.CheckDirectory(dir, f, "--out", names);
            var options = new ReplayOptions(r.GetValue(schedule) == "pipelined" ? LayerSchedule.Pipelined : LayerSchedule.LayerByLayer);
            var chipSpecs = r.GetValue(chips)!.Select(ArchitectureLoader.LoadFile).ToList();
            var specs = r.GetValue(network)!;
            if (specs.Length != 1 && specs.Length != chipSpecs.Count)
                throw new InputException(null, 0, 0, "--network", $"give one network for all chips or one per chip ({chipSpecs.Count}), not {specs.Length}");
            // Without --network (and --dataset), each chip runs the shipped trained model that fits it best (as run does).
            if (!CommonOptions.Given(r, network) && !CommonOptions.Given(r, dataset))
                specs = chipSpecs.Select(c => RunCommand.DefaultNetworkFor(c.FileName, c)).ToArray();
            var resolved = specs.Select(n => ModelSource.Load(n, r.GetValue(dataset))).ToList();
            var nets = resolved.Select(n => n.Network).ToList();
            // Ratios between chips are meaningful for one workload: the networks may differ (a searched network on its chip),
            // their input may not.
            if (nets.Select(n => n.Input).Distinct().Count() > 1)
                throw new InputException(null, 0, 0, "--network",
                    $"compare runs one workload; the networks take different inputs ({string.Join(", ", nets.Select(n => $"{n.Name} {n.Input}"))}): give --network NET for every chip");
            // Every trained network is measured on the same images (opened, and so checked, before simulating).
            RunAccuracy.CheckImagesGiven(r, images, resolved.Select(n => n.Model));
            var accuracyImages = resolved.Select(n => RunAccuracy.OpenImages(n.Model, r.GetValue(dataset), r.GetValue(images), r.GetValue(noAccuracy))).ToList();
            // A chip with tiles: auto is sized for the network it runs.
            var models = chipSpecs.Select((c, i) => ChipModel.Build(ChipAssembly.SizedFor(c, nets[specs.Length == 1 ? 0 : i]))).ToList();
            // The per-layer chart sets the chips side by side layer by layer: refuse networks whose layers differ
            // now, not after simulating them all.
            for (int i = 1; i < nets.Count; i++)
                if (!nets[i].Layers.Select(l => l.Name).SequenceEqual(nets[0].Layers.Select(l => l.Name)))
                    throw new InputException(null, 0, 0, "--network", $"'{specs[i]}' has other layers than '{specs[0]}'; compare needs networks with the same layers (the same network, or widths of it)");
            var reports = term.Progress("compare", progress =>
            {
                var list = new List<SimulationReport>();
                for (int i = 0; i < models.Count; i++)
                {
                    var chip = models[i];
                    int k = specs.Length == 1 ? 0 : i;
                    var (net, model) = resolved[k];
                    progress.Report(i, models.Count, $"{net.Name} on {chip.Spec.Name}");
                    var trace = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = r.GetValue(seed), Dataset = net.Dataset, Model = model });
                    var report = SimulationRunner.Simulate(chip, trace, options);
                    if (model is not null && accuracyImages[k] is { } data)
                    {
                        progress.Report(i + 0.5, models.Count, $"accuracy of {net.Name} on {chip.Spec.Name}");
                        report = report with { Accuracy = AccuracySummary.Of(data.Name, SimulationRunner.Accuracy(chip.Spec, model, data)) };
                    }
                    list.Add(report);
                }
                progress.Report(models.Count, models.Count);
                return list;
            });
            var cmp = new Comparison(reports);
            var files = new List<(string Path, byte[] Content)>
            {
                (Path.Combine(dir, "compare.json"), Encoding.UTF8.GetBytes(cmp.ToJson())),
                (Path.Combine(dir, "compare.csv"), Encoding.UTF8.GetBytes(cmp.ToCsv())),
            };
            files.AddRange(ReportPlots.All(reports).Select(p => (Path.Combine(dir, p.FileName), p.Content)));
            OutputFiles.WriteAll(files, f, "--out");
            if (!term.Quiet) PrintTable(cmp, term);
            term.Note($"wrote {dir}/: {string.Join(", ", files.Select(x => Path.GetFileName(x.Path)))}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Absolute figures and the advantage of each chip over the first, to a plain console over <paramref name="o"/>.</summary>
    public static void PrintTable(Comparison cmp, TextWriter o) => PrintTable(cmp, new Terminal(o, TextWriter.Null, quiet: false));

    /// <summary>Absolute figures (dynamic energy and leakage apart) and the advantage of each chip over the first.</summary>
    public static void PrintTable(Comparison cmp, Terminal term)
    {
        bool accuracy = cmp.Reports.Any(x => x.Accuracy is not null);
        string[] columns = ["chip", "network", ">energy", ">dynamic", ">leakage", ">latency", ">area", ">EDAP", ">TOPS/W", ">TOPS/mm²"];
        var abs = Tables.New("figures", accuracy ? [.. columns, ">accuracy (chip)"] : columns);
        foreach (var rep in cmp.Reports)
        {
            var t = rep.Totals;
            double leak = ReportPrinter.LeakagePj(rep);
            string[] row = [rep.Architecture, rep.Network, Units.EnergyPj(t.EnergyPj), Units.EnergyPj(t.EnergyPj - leak), Units.EnergyPj(leak),
                Units.TimeNs(t.LatencyNs), Units.AreaMm2(t.AreaMm2), Units.EdapPjNsMm2(t.EdapPjNsMm2), Units.Plain(t.TopsPerW), Units.Plain(t.TopsPerMm2)];
            abs.Row(accuracy ? [.. row, rep.Accuracy is { } a ? $"{Units.Percent(a.ChipAccuracy)} of {a.Images:N0}" : "-"] : row);
        }
        term.Write(abs);
        var adv = Tables.New($"advantage over {cmp.Reports[0].Architecture} (× better; energy, latency, area, EDAP: baseline ÷ chip; TOPS: chip ÷ baseline)",
            ["chip", .. Comparison.Figures.Select(f => ">" + f.Name)]);
        for (int i = 0; i < cmp.Reports.Count; i++)
            adv.Row([cmp.Reports[i].Architecture, .. Comparison.Figures.Select((_, k) => Units.Ratio(cmp.Advantage(i, k)))]);
        term.Write(adv);
    }
}
