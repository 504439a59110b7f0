using CimSim.Workloads.Csv;

namespace CimSim.Simulator.Reports;

/// <summary>The report as CSV tables (file name → content): totals, energy and area by class, counts, layers, actions.</summary>
public static class ReportCsv
{
    /// <summary>The files <see cref="Tables"/> produces, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["totals.csv", "energy.csv", "area.csv", "counts.csv", "layers.csv", "actions.csv"];

    public static IReadOnlyList<(string FileName, string Content)> Tables(SimulationReport r)
    {
        var t = r.Totals;
        string[] contents =
        [
            Table(["metric", "value"],
            [
                ["energy_pj", N(t.EnergyPj)], ["latency_ns", N(t.LatencyNs)], ["area_mm2", N(t.AreaMm2)],
                ["edap_pj_ns_mm2", N(t.EdapPjNsMm2)], ["ops", I(t.Ops)],
                ["tops_per_w", N(t.TopsPerW)], ["tops_per_mm2", N(t.TopsPerMm2)],
                ["area_normalized_latency_ns_mm2", N(t.AreaNormalizedLatencyNsMm2)], ["inferences_per_s", N(t.InferencesPerS)],
                ["dynamic_energy_pj", N(r.DynamicEnergyPj)], ["leakage_energy_pj", N(r.LeakageEnergyPj)],
                .. (r.Tiles > 0 ? (string[][])[["tiles", I(r.Tiles)], ["tiles_auto", r.TilesAuto ? "true" : "false"]] : []),
            ]),
            Table(["class", "energy_pj"], r.EnergyPjByClass.Select(kv => new[] { kv.Key, N(kv.Value) })),
            Table(["class", "area_mm2"], r.AreaMm2ByClass.Select(kv => new[] { kv.Key, N(kv.Value) })),
            Table(["count", "value"], r.Counts.Select(kv => new[] { kv.Key, I(kv.Value) })),
            Table(["name", "op", "start_ns", "end_ns", "latency_ns", "energy_pj", "macs", "crossbar_reads", "conversions", "nonzero_outputs", "crossbars", "sqnr_db"],
                r.Layers.Select(l => new[] { l.Name, l.Op, N(l.StartNs), N(l.EndNs), N(l.LatencyNs), N(l.EnergyPj), I(l.Macs), I(l.CrossbarReads), I(l.Conversions), I(l.NonZeroOutputs), I(l.Crossbars), N(l.SqnrDb) })),
            Table(["component", "class", "action", "count", "energy_per_action_pj", "energy_pj"],
                r.Tallies.Select(a => new[] { a.Component, a.ComponentClass, a.Action, I(a.Count), N(a.EnergyPerActionPj), N(a.EnergyPj) })),
        ];
        return FileNames.Zip(contents).ToList();
    }

    private static string N(double v) => CsvText.Number(v);
    private static string I(long v) => CsvText.Integer(v);

    private static string Table(string[] header, IEnumerable<string[]> rows) => CsvText.Table(header, rows);
}
