using System.CommandLine;
using System.Globalization;
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
            else if (jsonPath == "-") term.Out.Write(TraceSummaryJson.Write(summary));
            else
            {
                OutputFiles.Write(jsonPath, TraceSummaryJson.Write(summary), r.GetValue(force), "--json");
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
        (t.Readout == ReadoutKind.Adc ? $"{t.AdcBits}-bit ADC ({t.AdcRange.ToString().ToLowerInvariant()} range)" : $"{t.Readout.ToString().ToLowerInvariant()} PSQ ({t.ScaleFactorBits}-bit α)");

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
}
