using System.CommandLine;
using System.Globalization;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim compare A.yaml B.yaml …</c>: every chip runs the same network with the same seeded weights and
/// inputs; writes compare.json, compare.csv and the breakdown plots into --out, prints the advantage table.
/// </summary>
public static class CompareCommand
{
    public static Command Create(TextWriter stdout)
    {
        var chips = new Argument<string[]>("architectures") { Description = "Architecture YAML files; the first is the baseline of the ratios.", Arity = ArgumentArity.OneOrMore };
        var network = new Option<string[]>("--network")
        {
            Description = "Zoo network or network YAML: once for every chip, or once per chip in the same order (e.g. a searched network on its chip).",
            DefaultValueFactory = _ => [RunCommand.DefaultNetwork],
        };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset (default: the network's own)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and inputs (the same for every chip).", DefaultValueFactory = _ => 1 };
        var schedule = new Option<string>("--schedule") { Description = "layer-by-layer or pipelined.", DefaultValueFactory = _ => "layer-by-layer" };
        schedule.AcceptOnlyFromAmong("layer-by-layer", "pipelined");
        var outDir = new Option<string>("--out") { Description = "Directory for compare.json, compare.csv and plots.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files in --out." };
        var cmd = new Command("compare", "Simulate several chips on the same network and compare them (ratios against the first).")
        { chips, network, dataset, seed, schedule, outDir, force };
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(outDir)!;
            bool f = r.GetValue(force);
            foreach (var name in ReportPlots.FileNames.Prepend("compare.csv").Prepend("compare.json"))
                OutputFiles.CheckFree(Path.Combine(dir, name), f, "--out");
            var options = new ReplayOptions(r.GetValue(schedule) == "pipelined" ? LayerSchedule.Pipelined : LayerSchedule.LayerByLayer);
            var models = r.GetValue(chips)!.Select(p => ChipModel.Build(ArchitectureLoader.LoadFile(p))).ToList();
            var specs = r.GetValue(network)!;
            if (specs.Length != 1 && specs.Length != models.Count)
                throw new InputException(null, 0, 0, "--network", $"give one network for all chips or one per chip ({models.Count}), not {specs.Length}");
            var nets = specs.Select(n => NetworkSource.Load(n, r.GetValue(dataset))).ToList();
            var reports = new List<SimulationReport>();
            for (int i = 0; i < models.Count; i++)
            {
                var chip = models[i];
                var net = nets[specs.Length == 1 ? 0 : i];
                Console.Error.WriteLine($"cimsim: {net.Name} on {chip.Spec.Name}...");
                var trace = SimulationRunner.Compile(chip, net, new CompileOptions { Seed = r.GetValue(seed), Dataset = net.Dataset });
                reports.Add(SimulationRunner.Simulate(chip, trace, options));
            }
            var cmp = new Comparison(reports);
            OutputFiles.Write(Path.Combine(dir, "compare.json"), cmp.ToJson(), f, "--out");
            OutputFiles.Write(Path.Combine(dir, "compare.csv"), cmp.ToCsv(), f, "--out");
            foreach (var (name, content) in ReportPlots.All(reports)) OutputFiles.Write(Path.Combine(dir, name), content, f, "--out");
            PrintTable(cmp, stdout);
            stdout.WriteLine($"wrote {dir}/compare.json, compare.csv, energy_breakdown, area_breakdown, layer_latency (.svg, .pdf, .csv)");
            return 0;
        });
        return cmd;
    }

    /// <summary>Absolute figures and the advantage of each chip over the first.</summary>
    public static void PrintTable(Comparison cmp, TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"{"chip",-24} {"energy",12} {"latency",12} {"area mm²",10} {"EDAP",11} {"TOPS/W",9} {"TOPS/mm²",9}");
        foreach (var rep in cmp.Reports)
        {
            var t = rep.Totals;
            o.WriteLine(string.Create(inv, $"{rep.Architecture,-24} {ReportPrinter.Eng(t.EnergyPj * 1e-12, "J"),12} {ReportPrinter.Eng(t.LatencyNs * 1e-9, "s"),12} {t.AreaMm2,10:F3} {t.EdapPjNsMm2,11:E2} {t.TopsPerW,9:F3} {t.TopsPerMm2,9:F4}"));
        }
        o.WriteLine();
        o.WriteLine($"advantage over {cmp.Reports[0].Architecture} (× better; energy/latency/area/EDAP: baseline ÷ chip, TOPS: chip ÷ baseline)");
        o.WriteLine($"{"chip",-24} " + string.Join(" ", Comparison.Figures.Select(f => $"{f.Name,14}")));
        for (int i = 0; i < cmp.Reports.Count; i++)
            o.WriteLine($"{cmp.Reports[i].Architecture,-24} " + string.Join(" ", Comparison.Figures.Select((_, f) => string.Create(inv, $"{cmp.Advantage(i, f),13:F3}×"))));
    }
}
