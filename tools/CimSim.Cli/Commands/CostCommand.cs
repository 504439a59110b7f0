using System.CommandLine;
using CimSim.Cli.Printing;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Replay;
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
        var arch = CommonOptions.Arch(required: true);
        var counts = CommonOptions.NotEmpty(new Option<string>("--counts") { Description = "Counts file written by cimsim run --counts.", Required = true });
        var json = CommonOptions.Json("the report");
        var csv = CommonOptions.NotEmpty(new Option<string?>("--csv") { Description = "Write the report as CSV tables into this directory (created if missing; its parent must exist)." });
        var force = CommonOptions.Force();
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("cost", "Re-cost saved action counts under a chip's unit costs, without simulating again.")
        { arch, counts, json, csv, force, quiet };
        cmd.SetAction(r =>
        {
            var term = Terminal.For(r, r.GetValue(quiet));
            bool f = r.GetValue(force);
            string? jsonPath = CommonOptions.GetJson(r, json);
            string? csvDir = r.GetValue(csv);
            RunCommand.CheckReportOutputs(jsonPath, csvDir, f);
            var spec = ArchitectureLoader.LoadFile(r.GetValue(arch)!);
            var countsPath = r.GetValue(counts)!;
            var report = SimulationRunner.Cost(spec, CountsFile.ReadFile(countsPath), countsPath);
            foreach (var written in RunCommand.Write(report, jsonPath, csvDir, null, f, term.Out)) term.Note($"wrote {written}");
            if (!term.Quiet && jsonPath != "-") ReportPrinter.Print(report, term);
            return 0;
        });
        return cmd;
    }
}
