using System.CommandLine;
using CimSim.Simulator.Reports;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim plot REPORT.json… --out DIR</c>: the breakdown and per-layer plots of saved reports.</summary>
public static class PlotCommand
{
    public static Command Create(TextWriter stdout)
    {
        var files = new Argument<string[]>("reports") { Description = "Report JSON files written by 'cimsim run --json'.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Directory for the charts (SVG, PDF) and their CSV data.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing files in --out." };
        var cmd = new Command("plot", "Draw energy, area and per-layer latency charts (SVG + PDF + CSV) from saved reports.") { files, outDir, force };
        cmd.SetAction(r =>
        {
            string dir = r.GetValue(outDir)!;
            foreach (var name in ReportPlots.FileNames) OutputFiles.CheckFree(Path.Combine(dir, name), r.GetValue(force), "--out");
            var reports = r.GetValue(files)!.Select(ReportJsonReader.ReadFile).ToList();
            foreach (var (name, content) in ReportPlots.All(reports))
            {
                OutputFiles.Write(Path.Combine(dir, name), content, r.GetValue(force), "--out");
                stdout.WriteLine($"wrote {Path.Combine(dir, name)}");
            }
            return 0;
        });
        return cmd;
    }
}
