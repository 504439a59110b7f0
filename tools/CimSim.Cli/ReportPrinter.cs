using CimSim.Cli.Printing;
using CimSim.Simulator.Reports;
using Spectre.Console;

namespace CimSim.Cli;

/// <summary>
/// The console summary of a report: totals (dynamic energy and leakage apart), energy and area by class, counts and
/// per-layer figures, as aligned tables with units (<see cref="Units"/>).
/// </summary>
public static class ReportPrinter
{
    /// <summary>Prints to a plain console over <paramref name="o"/> (tests, pipes).</summary>
    public static void Print(SimulationReport r, TextWriter o, bool layers = true) =>
        Print(r, new Terminal(o, TextWriter.Null, quiet: false), layers);

    public static void Print(SimulationReport r, Terminal term, bool layers = true)
    {
        var t = r.Totals;
        double leakage = r.LeakageEnergyPj;
        double dynamic = r.DynamicEnergyPj;
        string tiles = r.Tiles <= 0 ? "" : r.TilesAuto ? $" ({r.Tiles} tiles: auto, sized for {r.Network})" : $" ({r.Tiles} tiles)";
        term.Line($"{r.Network} ({r.Dataset}) on {r.Architecture}{tiles}, {r.Schedule}{(r.Detailed ? ", detailed" : "")}");
        var totals = Tables.New("totals", "figure", ">value")
            .Row("energy", Units.EnergyPj(t.EnergyPj))
            .Row("  dynamic", $"{Units.EnergyPj(dynamic)} ({Units.Percent(Share(dynamic, t.EnergyPj))})")
            .Row("  leakage", $"{Units.EnergyPj(leakage)} ({Units.Percent(Share(leakage, t.EnergyPj))})")
            .Row("latency", Units.TimeNs(t.LatencyNs))
            .Row("area", Units.AreaMm2(t.AreaMm2))
            .Row("EDAP", Units.EdapPjNsMm2(t.EdapPjNsMm2))
            .Row("TOPS/W", Units.Plain(t.TopsPerW))
            .Row("TOPS/mm²", Units.Plain(t.TopsPerMm2))
            .Row("latency × area", Units.LatencyAreaNsMm2(t.AreaNormalizedLatencyNsMm2))
            .Row("inferences/s", Units.Plain(t.InferencesPerS))
            .Row("ops (2/MAC)", Units.Count(t.Ops));
        if (r.Accuracy is { } a)
            totals.Row($"accuracy ({a.Images:N0} {a.Dataset} images)", $"{Units.Percent(a.ChipAccuracy)} chip, {Units.Percent(a.IdealAccuracy)} ideal quantized, {Units.Percent(a.FloatAccuracy)} float");
        term.Write(totals);
        term.Write(Breakdown("energy by class (leakage: idle power × latency)", r.EnergyPjByClass, Units.EnergyPj));
        term.Write(Breakdown("area by class", r.AreaMm2ByClass, Units.AreaMm2));
        var counts = Tables.New("counts", "action", ">count");
        foreach (var (k, v) in r.Counts) counts.Row(k, Units.Count(v));
        term.Write(counts);
        if (!layers) return;
        var lt = Tables.New("layers", "layer", "op", ">start", ">latency", ">energy", ">crossbars", ">SQNR (dB)");
        foreach (var l in r.Layers)
            lt.Row(l.Name, l.Op.ToString(), Units.TimeNs(l.StartNs), Units.TimeNs(l.LatencyNs), Units.EnergyPj(l.EnergyPj),
                Units.Count(l.Crossbars), Units.Db(l.SqnrDb));
        term.Write(lt);
    }

    /// <summary>The leakage part of a report's energy, pJ (the "leakage" class; 0 when absent).</summary>
    public static double LeakagePj(SimulationReport r) => r.LeakageEnergyPj;

    private static double Share(double part, double total) => total > 0 ? part / total : double.NaN;

    private static Table Breakdown(string title, IReadOnlyList<KeyValuePair<string, double>> parts, Func<double, string> fmt)
    {
        double total = parts.Sum(p => p.Value);
        var t = Tables.New(title, "class", ">value", ">share");
        foreach (var (k, v) in parts) t.Row(k, fmt(v), Units.Percent(Share(v, total)));
        t.Row("total", fmt(total), Units.Percent(1));
        return t;
    }

    /// <summary>A value in SI engineering notation: 1.23 µJ, 45.6 ns (see <see cref="Units.Eng"/>).</summary>
    public static string Eng(double v, string unit) => Units.Eng(v, unit);
}
