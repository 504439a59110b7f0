using System.CommandLine;
using CimSim.Simulator.Architecture;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim validate FILE…</c>: loads and builds each architecture file without simulating;
/// prints <c>ok FILE</c> (standard output) or the file's error as every command gives one (<c>cimsim: error: FILE:LINE: …</c>,
/// standard error) per file; exit code 2 when any file is bad.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Architecture YAML files.", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("validate", "Check architecture files without simulating.") { files };
        cmd.SetAction(r =>
        {
            int status = 0;
            foreach (var f in r.GetValue(files)!)
            {
                try
                {
                    var spec = ArchitectureLoader.LoadFile(f);
                    // tiles: auto is sized per network; the rest of the chip is checked on one tile.
                    ChipModel.Build(spec.IsSized ? spec : spec with { Tiles = 1 });
                    stdout.WriteLine($"ok {f}{(spec.AutoTiles ? " (tiles: auto, sized per network)" : "")}");
                }
                catch (InputException e)
                {
                    stderr.WriteLine($"cimsim: error: {e.Message.ReplaceLineEndings(" ").Trim()}");
                    status = Program.UserError;
                }
            }
            return status;
        });
        return cmd;
    }
}
