using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Mapping;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim arch FILE [--json]</c>: a chip's area breakdown by component class and its unit-cost table
/// (every component: instances, area, leakage, each action's energy and latency, source), like Accelergy's
/// reference tables.
/// </summary>
public static class ArchCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "Architecture YAML file." };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema cimsim.arch/1) instead of tables." };
        var cmd = new Command("arch", "Print a chip's area breakdown and unit-cost table.") { file, json };
        cmd.SetAction(r =>
        {
            var chip = ChipModel.Build(ArchitectureLoader.LoadFile(r.GetValue(file)!));
            if (r.GetValue(json)) WriteJson(chip, stdout);
            else WriteText(chip, stdout);
            return 0;
        });
        return cmd;
    }

    private static string N(double v) => v.ToString(Math.Abs(v) is >= 1e-3 and < 1e6 || v == 0 ? "0.####" : "0.###e+0", CultureInfo.InvariantCulture);

    private static void WriteText(ChipModel chip, TextWriter o)
    {
        var s = chip.Spec;
        string readout = s.Readout == ReadoutKind.Adc
            ? $"{s.AdcType.ToString()!.ToLowerInvariant()} ADC, {s.AdcBits} bits, {s.ColumnSharing} columns per ADC"
            : $"{s.Readout.ToString().ToLowerInvariant()} comparators + DCiM ({s.ScaleFactorBits}-bit α, {s.DcimColumnsPerCycle} lanes, zero skipping {(s.ZeroSkipping ? "on" : "off")})";
        o.WriteLine($"chip {s.Name} ({s.FileName})");
        o.WriteLine($"  technology  {s.NodeNm} nm {s.Roadmap.ToString().ToUpperInvariant()}, V_dd {N(s.VddV)} V, clock {s.ClockPeriodPs} ps, preset {s.Preset.ToString().ToLowerInvariant()}");
        o.WriteLine($"  hierarchy   {s.Tiles} tiles × {s.PesPerTile} PEs × {s.CrossbarsPerPe} crossbars = {s.TotalCrossbars} crossbars");
        o.WriteLine($"  crossbar    {s.Rows}×{s.Columns} {s.Device.ToString().ToLowerInvariant()}, {s.BitsPerCell} bit/cell, {s.SignedWeights.ToString().ToLowerInvariant()} signed weights");
        o.WriteLine($"  precision   weights {s.WeightBits} b, inputs {s.InputBits} b, DAC {s.DacBits} b");
        o.WriteLine($"  readout     {readout}");
        o.WriteLine();
        o.WriteLine("Area by component class");
        o.WriteLine($"  {"class",-14}{"area_mm2",12}{"%",8}");
        foreach (var (cls, mm2) in chip.AreaMm2ByClass)
            o.WriteLine($"  {cls,-14}{N(mm2),12}{(100 * mm2 / chip.TotalAreaMm2).ToString("0.0", CultureInfo.InvariantCulture),8}");
        o.WriteLine($"  {"total",-14}{N(chip.TotalAreaMm2),12}{"100.0",8}");
        o.WriteLine($"Leakage: {N(chip.TotalLeakageUw)} µW");
        o.WriteLine();
        o.WriteLine("Unit costs (per instance; energy and latency per action)");
        o.WriteLine($"  {"component",-14}{"class",-13}{"instances",11}{"area_um2",12}{"leakage_uw",12}  {"action",-11}{"energy_pj",11}{"latency_ns",12}  source");
        foreach (var c in chip.Components)
        {
            var actions = c.Actions.Count == 0 ? [KeyValuePair.Create("-", default(ActionCost))] : c.Actions.ToList();
            for (int i = 0; i < actions.Count; i++)
            {
                var (name, cost) = actions[i];
                string left = i == 0 ? $"  {c.Name,-14}{c.ComponentClass,-13}{c.Instances,11}{N(c.AreaUm2),12}{N(c.LeakageUw),12}" : new string(' ', 64);
                string right = name == "-" ? $"  {"-",-11}{"",11}{"",12}" : $"  {name,-11}{N(cost.EnergyPj),11}{N(cost.LatencyNs),12}";
                o.WriteLine(left + right + (i == 0 ? "  " + c.Source : ""));
            }
        }
    }

    private static void WriteJson(ChipModel chip, TextWriter o)
    {
        var s = chip.Spec;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "cimsim.arch/1");
            w.WriteString("name", s.Name);
            w.WriteString("file", s.FileName);
            w.WriteStartObject("technology");
            w.WriteNumber("node_nm", s.NodeNm);
            w.WriteString("roadmap", s.Roadmap.ToString().ToLowerInvariant());
            w.WriteNumber("vdd_v", s.VddV);
            w.WriteNumber("clock_period_ps", s.ClockPeriodPs);
            w.WriteString("preset", s.Preset.ToString().ToLowerInvariant());
            w.WriteEndObject();
            w.WriteStartObject("hierarchy");
            w.WriteNumber("tiles", s.Tiles);
            w.WriteNumber("pes_per_tile", s.PesPerTile);
            w.WriteNumber("crossbars_per_pe", s.CrossbarsPerPe);
            w.WriteEndObject();
            w.WriteNumber("total_area_mm2", chip.TotalAreaMm2);
            w.WriteNumber("total_leakage_uw", chip.TotalLeakageUw);
            w.WriteStartObject("area_mm2");
            foreach (var (cls, mm2) in chip.AreaMm2ByClass) w.WriteNumber(cls, mm2);
            w.WriteEndObject();
            w.WriteStartArray("components");
            foreach (var c in chip.Components)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("class", c.ComponentClass);
                w.WriteNumber("instances", c.Instances);
                w.WriteNumber("area_um2", c.AreaUm2);
                w.WriteNumber("leakage_uw", c.LeakageUw);
                w.WriteNumber("total_area_mm2", c.TotalAreaMm2);
                if (c.Name == ComponentNames.Adc) w.WriteNumber("column_sharing", s.ColumnSharing);
                switch (c)
                {
                    case DcimCost d: w.WriteNumber("columns_per_cycle", d.ColumnsPerCycle); break;
                    case BufferCost b: w.WriteNumber("size_bytes", b.SizeBytes); w.WriteNumber("width_bits", b.WidthBits); break;
                    case LinkCost l: w.WriteNumber("width_bits", l.WidthBits); break;
                }
                w.WriteStartObject("actions");
                foreach (var (name, cost) in c.Actions)
                {
                    w.WriteStartObject(name);
                    w.WriteNumber("energy_pj", cost.EnergyPj);
                    w.WriteNumber("latency_ns", cost.LatencyNs);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
                w.WriteString("source", c.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        o.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
