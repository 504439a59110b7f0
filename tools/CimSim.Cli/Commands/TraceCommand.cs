using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CimSim.Cli.Printing;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim trace info FILE [--json [FILE]]</c>: what a trace holds, read in one streaming pass with every checksum checked.</summary>
public static class TraceCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "Trace file." };
        var json = CommonOptions.Json("the summary (schema cimsim.trace/1)");
        var force = CommonOptions.Force();
        var info = new Command("info", "Summarise a trace: per-layer and total MACs, crossbar reads, readouts, non-zero outputs, SQNR.") { file, json, force };
        info.SetAction(r =>
        {
            string path = r.GetValue(file)!;
            var term = Terminal.For(r);
            string? jsonPath = CommonOptions.GetJson(r, json);
            if (jsonPath is not null and not "-") OutputFiles.CheckFile(jsonPath, r.GetValue(force), "--json");
            TraceSummary summary;
            using (var s = TraceReader.OpenFile(path))
            {
                var reader = TraceReader.Open(s, path);
                summary = new TraceSummary(reader.Header);
                foreach (var l in reader.Layers()) summary.Add(l);
            }
            if (jsonPath is null) Text(summary, term);
            else if (jsonPath == "-") term.Out.WriteLine(Json(summary));
            else
            {
                OutputFiles.Write(jsonPath, Json(summary) + Environment.NewLine, r.GetValue(force), "--json");
                term.Note($"wrote {jsonPath}");
            }
            return 0;
        });
        var trace = new Command("trace", "Inspect compiled traces.") { info };
        return trace;
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
    private static string Db(double v) => double.IsPositiveInfinity(v) ? "exact" : v.ToString("F1", CultureInfo.InvariantCulture);

    private static string Chip(MappingTarget t) =>
        $"{t.CrossbarRows}x{t.CrossbarColumns}, {t.BitsPerCell} bit/cell, {t.SignedWeights.ToString().ToLowerInvariant()} signed weights, " +
        $"{t.Tiles} tiles × {t.PesPerTile} PEs × {t.CrossbarsPerPe} crossbars, weights {t.WeightBits} b, inputs {t.InputBits} b, DAC {t.DacBits} b, " +
        (t.Readout == ReadoutKind.Adc ? $"{t.AdcBits}-bit ADC" : $"{t.Readout.ToString().ToLowerInvariant()} PSQ ({t.ScaleFactorBits}-bit α)");

    /// <summary>"N ADC conversions", "N comparator decisions" or both, as the layers' readouts have it.</summary>
    public static string Readouts(TraceSummary s)
    {
        var parts = new List<string>();
        if (s.AdcConversions > 0 || s.ComparatorDecisions == 0) parts.Add($"{N(s.AdcConversions)} ADC conversions");
        if (s.ComparatorDecisions > 0) parts.Add($"{N(s.ComparatorDecisions)} comparator decisions");
        return string.Join(", ", parts);
    }

    private static string ReadoutText(LayerReadout r) =>
        r.Kind == ReadoutKind.Adc ? $"adc{r.AdcBits}" : r.Kind.ToString().ToLowerInvariant();

    private static void Text(TraceSummary s, Terminal term)
    {
        var h = s.Header;
        term.Line($"trace {h.Network} / {h.Dataset} / {h.Architecture} (seed {h.Seed}, {h.Producer}, format {TraceFormat.MajorVersion}.{TraceFormat.MinorVersion})");
        term.Line($"chip: {Chip(h.Target)}");
        var t = Tables.New(null, ">#", "name", "op", "output", ">MACs", ">xbars", "readout", ">reads", ">row acts", ">readouts", ">non-zero", ">clipped", ">SQNR (dB)");
        foreach (var l in s.Layers)
        {
            var c = l.Counts;
            string xb = l.Mapping is null ? "-" : N(l.Mapping.CrossbarsUsed);
            string ro = l.Mapping is null ? "-" : ReadoutText(s.ReadoutOf(l));
            t.Row(l.Index.ToString(CultureInfo.InvariantCulture), l.Name, l.Op.ToString(), l.Output.ToString(), N(l.Macs), xb, ro, N(c.CrossbarReads),
                N(c.RowActivations), N(c.ColumnReads), N(c.NonZeroOutputs), N(c.AdcClipped), l.Mapping is null ? "-" : Db(l.SqnrDb));
        }
        term.Write(t);
        term.Line($"totals: {N(s.Macs)} MACs, {N(s.CrossbarReads)} crossbar reads, {N(s.RowActivations)} row activations, " +
                  $"{Readouts(s)}, {N(s.NonZeroOutputs)} non-zero outputs" +
                  (s.AdcConversions > 0 ? $", {N(s.AdcClipped)} clipped" : "") + $"; {N(s.Crossbars)} crossbars on {N(s.Tiles)} tiles");
    }

    private static string Json(TraceSummary s)
    {
        var h = s.Header;
        var t = h.Target;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "cimsim.trace/1");
            w.WriteString("network", h.Network);
            w.WriteString("dataset", h.Dataset);
            w.WriteString("architecture", h.Architecture);
            w.WriteNumber("seed", h.Seed);
            w.WriteString("producer", h.Producer);
            w.WriteStartObject("target");
            w.WriteNumber("crossbar_rows", t.CrossbarRows);
            w.WriteNumber("crossbar_columns", t.CrossbarColumns);
            w.WriteNumber("bits_per_cell", t.BitsPerCell);
            w.WriteString("signed_weights", t.SignedWeights.ToString().ToLowerInvariant());
            w.WriteNumber("crossbars_per_pe", t.CrossbarsPerPe);
            w.WriteNumber("pes_per_tile", t.PesPerTile);
            w.WriteNumber("tiles", t.Tiles);
            w.WriteNumber("weight_bits", t.WeightBits);
            w.WriteNumber("input_bits", t.InputBits);
            w.WriteNumber("dac_bits", t.DacBits);
            w.WriteString("readout", t.Readout.ToString().ToLowerInvariant());
            w.WriteNumber("adc_bits", t.AdcBits);
            w.WriteNumber("scale_factor_bits", t.ScaleFactorBits);
            w.WriteEndObject();
            w.WriteStartObject("totals");
            w.WriteNumber("macs", s.Macs);
            w.WriteNumber("crossbar_reads", s.CrossbarReads);
            w.WriteNumber("row_activations", s.RowActivations);
            w.WriteNumber("adc_conversions", s.AdcConversions);
            w.WriteNumber("comparator_decisions", s.ComparatorDecisions);
            w.WriteNumber("nonzero_outputs", s.NonZeroOutputs);
            w.WriteNumber("adc_clipped", s.AdcClipped);
            w.WriteNumber("crossbars", s.Crossbars);
            w.WriteNumber("tiles", s.Tiles);
            w.WriteEndObject();
            w.WriteStartArray("layers");
            foreach (var l in s.Layers)
            {
                var c = l.Counts;
                w.WriteStartObject();
                w.WriteNumber("index", l.Index);
                w.WriteString("name", l.Name);
                w.WriteString("op", l.Op.ToString());
                w.WriteString("input", l.Input.ToString());
                w.WriteString("output", l.Output.ToString());
                w.WriteNumber("macs", l.Macs);
                w.WriteNumber("weights", l.Weights);
                w.WriteNumber("weight_bits", l.WeightBits);
                w.WriteNumber("input_bits", l.InputBits);
                w.WriteNumber("crossbars", l.Mapping?.CrossbarsUsed ?? 0);
                w.WriteNumber("replicas", l.Mapping?.Replicas ?? 0);
                w.WriteNumber("first_tile", l.Mapping?.FirstTile ?? 0);
                w.WriteNumber("tiles", l.Mapping?.TileCount ?? 0);
                if (l.Mapping is not null)
                {
                    var r = s.ReadoutOf(l);
                    w.WriteString("readout", r.Kind.ToString().ToLowerInvariant());
                    w.WriteNumber("adc_bits", r.Kind == ReadoutKind.Adc ? r.AdcBits : 0);
                }
                w.WriteNumber("crossbar_reads", c.CrossbarReads);
                w.WriteNumber("row_activations", c.RowActivations);
                w.WriteNumber("column_reads", c.ColumnReads);
                w.WriteNumber("nonzero_outputs", c.NonZeroOutputs);
                w.WriteNumber("adc_clipped", c.AdcClipped);
                w.WriteNumber("output_elements", c.OutputElements);
                if (l.Mapping is null || double.IsPositiveInfinity(l.SqnrDb)) w.WriteNull("sqnr_db");
                else w.WriteNumber("sqnr_db", Math.Round(l.SqnrDb, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }
}
