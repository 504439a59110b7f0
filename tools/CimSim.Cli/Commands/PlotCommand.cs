using System.CommandLine;
using CimSim.Cli.Printing;
using CimSim.Simulator.Reports;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim plot REPORT.json… -o DIR</c>: the breakdown and per-layer plots of saved reports (all or none).</summary>
public static class PlotCommand
{
    public static Command Create(TextWriter stdout)
    {
        var files = new Argument<string[]>("reports") { Description = "Report JSON files written by 'cimsim run --json'.", Arity = ArgumentArity.OneOrMore };
        var outDir = CommonOptions.Out("Directory for the charts (SVG, PDF) and their CSV data (created if missing; its parent must exist).", required: true);
        var force = CommonOptions.Force();
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("plot", "Draw energy, area and per-layer latency charts (SVG + PDF + CSV) from saved reports.") { files, outDir, force, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            string dir = r.GetValue(outDir)!;
            bool f = r.GetValue(force);
            OutputFiles.CheckDirectory(dir, f, "--out", ReportPlots.FileNames);
            var reports = r.GetValue(files)!.Select(ReportJson.ReadFile).ToList();
            var plots = ReportPlots.All(reports).Select(p => (Path.Combine(dir, p.FileName), p.Content)).ToList();
            OutputFiles.WriteAll(plots, f, "--out");
            foreach (var (path, _) in plots) term.Note($"wrote {path}");
            return 0;
        });
        return cmd;
    }
}
