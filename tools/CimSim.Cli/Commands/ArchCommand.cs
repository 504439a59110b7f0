using System.CommandLine;
using CimSim.Cli.Printing;
using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using Spectre.Console;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim arch FILE [--json [FILE]]</c>: a chip's area breakdown by component class and its unit-cost table
/// (every component: instances, area, leakage, each action's energy and latency, source), like Accelergy's
/// reference tables.
/// </summary>
public static class ArchCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "Architecture YAML file." };
        var json = CommonOptions.Json("the chip's breakdown and unit costs (schema cimsim.arch/1)");
        var force = CommonOptions.Force();
        var network = new Option<string?>("--network") { Description = "Size the tile groups of a chip with per-layer readouts (layers:) for this network, as run does." };
        var dataset = CommonOptions.Dataset();
        var cmd = new Command("arch", "Print a chip's area breakdown and unit-cost table.") { file, json, force, network, dataset };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r);
            string? jsonPath = CommonOptions.GetJson(r, json);
            if (jsonPath is not null and not "-") OutputFiles.CheckFile(jsonPath, r.GetValue(force), "--json");
            var spec = ArchitectureLoader.LoadFile(r.GetValue(file)!);
            var chip = ChipModel.Build(spec);
            IReadOnlyList<ComponentCost> components = chip.Components;
            if (spec.LayerPeripherals.Count > 0)
            {
                if (r.GetValue(network) is not { } net)
                    throw new InputException(spec.FileName, spec.LayerPeripherals[0].Line, 0, "layers",
                        "the chip gives layers their own readouts; give --network NET so that their tile groups are sized as run sizes them");
                components = ChipAssembly.Build(spec, SimulationRunner.LayerTiles(spec, NetworkSource.Load(net, r.GetValue(dataset)))).Components;
            }
            var sheet = new ChipSheet(spec, components);
            if (jsonPath is null) WriteText(sheet, term);
            else
            {
                string text = sheet.ToJson();
                if (jsonPath == "-") term.Out.Write(text);
                else
                {
                    OutputFiles.Write(jsonPath, text, r.GetValue(force), "--json");
                    term.Note($"wrote {jsonPath}");
                }
            }
            return 0;
        });
        return cmd;
    }

    private static void WriteText(ChipSheet sheet, Terminal term)
    {
        var s = sheet.Spec;
        var components = sheet.Components;
        var (areaByClass, totalArea, totalLeakage) = (sheet.AreaMm2ByClass, sheet.TotalAreaMm2, sheet.TotalLeakageUw);
        string readout = s.Readout == ReadoutKind.Adc
            ? $"{s.AdcType.ToString()!.ToLowerInvariant()} ADC, {s.AdcBits} bits, {s.ColumnSharing} columns per ADC"
            : $"{s.Readout.ToString().ToLowerInvariant()} comparators + DCiM ({s.ScaleFactorBits}-bit α, {s.DcimColumnsPerCycle} lanes, zero skipping {(s.ZeroSkipping ? "on" : "off")})";
        term.Line($"chip {s.Name} ({s.FileName})");
        term.Write(Tables.New(null, "", "")
            .Row("technology", $"{s.NodeNm} nm {s.Roadmap.ToString().ToUpperInvariant()}, V_dd {Units.Plain(s.VddV)} V, clock {Units.Eng(s.ClockPeriodPs * 1e-12, "s")}, preset {s.Preset.ToString().ToLowerInvariant()}")
            .Row("hierarchy", $"{s.Tiles} tiles × {s.PesPerTile} PEs × {s.CrossbarsPerPe} crossbars = {s.TotalCrossbars} crossbars")
            .Row("crossbar", $"{s.Rows}×{s.Columns} {s.Device.ToString().ToLowerInvariant()}, {s.BitsPerCell} bit/cell, {s.SignedWeights.ToString().ToLowerInvariant()} signed weights")
            .Row("precision", $"weights {s.WeightBits} b, inputs {s.InputBits} b, DAC {s.DacBits} b")
            .Row("readout", readout)
            .HideHeaders());
        var area = Tables.New("Area by component class", "class", ">area", ">share");
        foreach (var (cls, mm2) in areaByClass) area.Row(cls, Units.AreaMm2(mm2), Units.Percent(mm2 / totalArea));
        area.Row("total", Units.AreaMm2(totalArea), Units.Percent(1));
        term.Write(area);
        term.Line($"Leakage: {Units.PowerUw(totalLeakage)}");
        var costs = Tables.New("Unit costs (per instance; energy and latency per action)",
            "component", "class", ">instances", ">area", ">leakage", "action", ">energy", ">latency", "source");
        foreach (var c in components)
        {
            var actions = c.Actions.Count == 0 ? [KeyValuePair.Create("-", default(ActionCost))] : c.Actions.ToList();
            for (int i = 0; i < actions.Count; i++)
            {
                var (name, cost) = actions[i];
                bool first = i == 0;
                costs.Row(first ? c.Name : "", first ? c.ComponentClass : "", first ? Units.Count(c.Instances) : "",
                    first ? Units.Plain(c.AreaUm2) + " µm²" : "", first ? Units.PowerUw(c.LeakageUw) : "",
                    name, name == "-" ? "" : Units.EnergyPj(cost.EnergyPj), name == "-" ? "" : Units.TimeNs(cost.LatencyNs), first ? c.Source : "");
            }
        }
        term.Write(costs);
    }
}
