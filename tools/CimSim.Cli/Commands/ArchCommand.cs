using System.CommandLine;
using CimSim.Cli.Printing;
using CimSim.Components.Costs;
using CimSim.Components.NeuroSim;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Models;
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
        var network = new Option<string?>("--network") { Description = "Size the chip for this network as run does: its tile count when hierarchy.tiles is auto, the tile groups of per-layer readouts (layers:)." };
        var dataset = CommonOptions.Dataset();
        var cmd = new Command("arch", "Print a chip's area breakdown and unit-cost table.") { file, json, force, network, dataset };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r);
            string? jsonPath = CommonOptions.GetJson(r, json);
            if (jsonPath is not null and not "-") OutputFiles.CheckFile(jsonPath, r.GetValue(force), "--json");
            var spec = ArchitectureLoader.LoadFile(r.GetValue(file)!);
            // Any network run takes (zoo, YAML, ONNX, model directory), read as run reads it.
            var net = r.GetValue(network) is { } n ? ModelSource.Load(n, r.GetValue(dataset)).Network : null;
            if (net is null) CommonOptions.OnlyWith(r, "--network", dataset);
            if (net is null && spec.Floorplan != FloorplanKind.None)
                throw new InputException(spec.FileName, 0, 0, "hierarchy.floorplan",
                    "NeuroSim's floorplan chooses the tiles for each network; give --network NET to see the chip it gives");
            if (net is not null) spec = ChipAssembly.SizedFor(spec, net);
            // tiles: auto and no network: the figures are those of one tile (and the global buffer), and say so.
            var shown = spec.IsSized ? spec : spec with { Tiles = 1 };
            var chip = ChipModel.Build(shown);
            IReadOnlyList<ComponentCost> components = chip.Components;
            if (spec.LayerPeripherals.Count > 0)
            {
                // Without a network, the groups are sized only where every entry gives its layer's tiles (a fixed floorplan).
                bool given = spec.LayerPeripherals.All(p => p.Tiling is { Tiles: > 0 }) && !spec.AutoTiles;
                if (net is null && !given)
                    throw new InputException(spec.FileName, spec.LayerPeripherals[0].Line, 0, "layers",
                        "the chip gives layers their own readouts or tiles; give --network NET so that their tile groups are sized as run sizes them");
                components = ChipAssembly.Build(spec, net is null ? spec.LayerPeripherals.ToDictionary(p => p.Layer, p => p.Tiling!.Tiles)
                    : SimulationRunner.LayerTiles(spec, net)).Components;
            }
            var size = new Sizing(spec.AutoTiles, spec.IsSized, net is null ? null : $"{net.Name} ({net.Dataset})");
            var sheet = new ChipSheet(chip.Spec, components, size.Auto, size.Sized, size.Network);
            if (jsonPath is null) WriteText(sheet, size, term);
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

    /// <summary>How the chip's tile count was set: <c>tiles: auto</c> or not, sized (for <paramref name="Network"/>) or shown as one tile.</summary>
    private sealed record Sizing(bool Auto, bool Sized, string? Network)
    {
        /// <summary>The hierarchy line's tile part.</summary>
        public string Tiles(ChipSpec s) =>
            !Auto ? $"{s.Tiles} tiles"
            : Sized ? $"{s.Tiles} tiles (tiles: auto, sized for {Network})"
            : "tiles: auto (sized per network; --network NET sizes it; figures below are for 1 tile)";
    }

    /// <summary>The layers on tiles of their own shape (<c>layers: [{ hierarchy: ... }]</c>), e.g. ", conv2 on 2 of 9 PEs × 16".</summary>
    /// <summary>How a sensing-path clock was derived (technology.clock), or nothing.</summary>
    private static string SensingPath(ChipSpec s)
    {
        if (!s.ClockFromSensingPath) return "";
        var c = s.SensingPathClock();
        string Ps(double seconds) => Units.Plain(Math.Round(seconds * 1e12, 2));
        string sense = c.EncoderS > 0 ? $"sense amp {Ps(c.SenseS)} + encoder {Ps(c.EncoderS)}" : $"SAR ADC {Ps(c.SenseS)}";
        return $" (sensing path {Ps(c.PeriodS)} ps = {SubArrayClock.Beta} × (max(switch matrix {Ps(c.SwitchMatrixS)}, mux {Ps(c.MuxS)} + decoder {Ps(c.MuxDecoderS)})"
               + $" + precharger {Ps(c.PrechargerS)} + {sense}))";
    }

    private static string OwnTiles(ChipSpec s, IReadOnlyList<ComponentCost> components) =>
        string.Concat(s.LayerPeripherals.Where(p => p.Tiling is { } t && (t.PesPerTile, t.CrossbarsPerPe) != (s.PesPerTile, s.CrossbarsPerPe)).Select(p =>
            $", {p.Layer} on {components.Single(c => c.Name == $"{ComponentNames.Crossbar}@{p.Layer}").Instances / p.Tiling!.CrossbarsPerTile} of {p.Tiling.PesPerTile} PEs × {p.Tiling.CrossbarsPerPe}"));

    private static void WriteText(ChipSheet sheet, Sizing size, Terminal term)
    {
        var s = sheet.Spec;
        var components = sheet.Components;
        var (areaByClass, totalArea, totalLeakage) = (sheet.AreaMm2ByClass, sheet.TotalAreaMm2, sheet.TotalLeakageUw);
        string readout = s.Readout == ReadoutKind.Adc
            ? $"{s.AdcType.ToString()!.ToLowerInvariant()} ADC, {s.AdcBits} bits, {s.ColumnSharing} columns per ADC, {s.ReadoutSpec.AdcRange.ToString().ToLowerInvariant()} range"
            : $"{s.Readout.ToString().ToLowerInvariant()} comparators + DCiM ({s.ReadoutSpec.ScaleFactorBits}-bit α, {s.ReadoutSpec.ScaleFactorUnit?.ColumnsPerCycle} lanes, zero skipping {(s.ReadoutSpec.ScaleFactorUnit?.ZeroSkipping == true ? "on" : "off")})";
        term.Line($"chip {s.Name} ({s.FileName})");
        term.Write(Tables.New(null, "", "")
            .Row("technology", $"{s.NodeNm} nm {s.Roadmap.ToString().ToUpperInvariant()}, V_dd {Units.Plain(s.VddV)} V, clock {Units.Eng(s.ClockPeriodPs * 1e-12, "s")}{SensingPath(s)}, preset {s.Preset.ToString().ToLowerInvariant()}")
            .Row("hierarchy", size.Sized
                ? $"{size.Tiles(s)} × {s.PesPerTile} PEs × {s.CrossbarsPerPe} crossbars{OwnTiles(s, components)} = {components.Where(c => c.Name.Split('@')[0] == ComponentNames.Crossbar).Sum(c => c.Instances)} crossbars"
                : $"{size.Tiles(s)}; per tile {s.PesPerTile} PEs × {s.CrossbarsPerPe} crossbars = {s.CrossbarsPerTile} crossbars")
            .Row("crossbar", $"{s.Rows}×{s.Columns} {s.Device.ToString().ToLowerInvariant()}, {s.BitsPerCell} bit/cell, {s.SignedWeights.ToString().ToLowerInvariant()} signed weights")
            .Row("precision", $"weights {s.WeightBits} b, inputs {s.InputBits} b, DAC {s.DacBits} b")
            .Row("readout", readout)
            .HideHeaders());
        var area = Tables.New(size.Sized ? "Area by component class" : "Area by component class (1 tile and the global buffer; the chip's follows the network)", "class", ">area", ">share");
        foreach (var (cls, mm2) in areaByClass) area.Row(cls, Units.AreaMm2(mm2), Units.Percent(mm2 / totalArea));
        area.Row("total", Units.AreaMm2(totalArea), Units.Percent(1));
        term.Write(area);
        term.Line($"Leakage{(size.Sized ? "" : " (1 tile and the global buffer)")}: {Units.PowerUw(totalLeakage)}");
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
