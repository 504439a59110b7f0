using System.CommandLine;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
using CimSim.Simulator.Reports;
using CimSim.Simulator.Runs;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim cost --arch CHIP.yaml --counts FILE.json</c>: re-costs saved action counts (<c>cimsim run --counts</c>)
/// under a chip's unit costs without simulating again (docs/COUNTS.md). On the chip the counts came from it
/// gives exactly <c>run</c>'s report; on a chip of the same structure with other unit costs (technology node,
/// circuit constants, overrides, models) it gives that chip's energy and area at the counts' latency.
/// </summary>
public static class CostCommand
{
    public static Command Create(TextWriter stdout)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture YAML whose unit costs to apply.", Required = true };
        var counts = new Option<string>("--counts") { Description = "Counts file written by cimsim run --counts.", Required = true };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var csv = new Option<string?>("--csv") { Description = "Write the report as CSV tables into this directory." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files." };
        var quiet = new Option<bool>("--quiet") { Description = "Print no summary." };
        var cmd = new Command("cost", "Re-cost saved action counts under a chip's unit costs, without simulating again.")
        { arch, counts, json, csv, force, quiet };
        cmd.SetAction(r =>
        {
            if (r.GetValue(json) is { } jsonPath) OutputFiles.CheckFree(jsonPath, r.GetValue(force), "--json");
            if (r.GetValue(csv) is { } csvDir)
                foreach (var name in ReportCsv.FileNames) OutputFiles.CheckFree(Path.Combine(csvDir, name), r.GetValue(force), "--csv");
            var spec = ArchitectureLoader.LoadFile(r.GetValue(arch)!);
            var countsPath = r.GetValue(counts)!;
            var report = SimulationRunner.Cost(spec, CountsFile.ReadFile(countsPath), countsPath);
            RunCommand.Write(report, r.GetValue(json), r.GetValue(csv), r.GetValue(force));
            if (!r.GetValue(quiet)) ReportPrinter.Print(report, stdout);
            return 0;
        });
        return cmd;
    }
}
