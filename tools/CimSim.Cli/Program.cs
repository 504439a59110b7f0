using System.CommandLine;
using CimSim.Cli.Commands;

namespace CimSim.Cli;

/// <summary>The <c>cimsim</c> command line: parses arguments, calls the libraries, prints. Thin by design.</summary>
public static class Program
{
    /// <summary>Exit code for errors in the user's input (files, values).</summary>
    public const int UserError = 2;
    /// <summary>Exit code for a bug in CimSim.</summary>
    public const int InternalError = 1;
    /// <summary>Exit code of a search whose space holds no feasible design.</summary>
    public const int NoFeasibleDesign = 3;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line: the first problem, and where help is.
            stderr.WriteLine($"cimsim: error: {OneLine(parsed.Errors[0].Message)} (cimsim --help for usage)");
            return UserError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = stdout,
                Error = stderr,
            });
        }
        catch (InputException e)
        {
            stderr.WriteLine($"cimsim: error: {OneLine(e.Message)}");
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file-system fault the checks up front could not foresee (a disk filling up, a file removed meanwhile):
            // the user's environment, not a bug.
            stderr.WriteLine($"cimsim: error: {OneLine(e.Message)}");
            return UserError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"cimsim: internal error (a bug, please report it): {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("CIMSIM_DEBUG") == "1") stderr.WriteLine(e);
            return InternalError;
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    /// <summary>The root command with every subcommand registered (one line per command file).</summary>
    public static RootCommand BuildRoot(TextWriter stdout, TextWriter? stderr = null)
    {
        var root = new RootCommand("CimSim: a cycle-level discrete-event simulator for compute-in-memory DNN accelerators.");
        root.Subcommands.Add(RunCommand.Create(stdout));
        root.Subcommands.Add(CompareCommand.Create(stdout));
        root.Subcommands.Add(PlotCommand.Create(stdout));
        root.Subcommands.Add(BenchCommand.Create(stdout));
        root.Subcommands.Add(ArchCommand.Create(stdout));
        root.Subcommands.Add(ValidateCommand.Create(stdout, stderr ?? Console.Error));
        root.Subcommands.Add(SearchCommand.Create(stdout));
        root.Subcommands.Add(NetCommand.Create(stdout));
        root.Subcommands.Add(CompileCommand.Create(stdout));
        root.Subcommands.Add(TraceCommand.Create(stdout));
        root.Subcommands.Add(AccuracyCommand.Create(stdout));
        root.Subcommands.Add(SweepCommand.Create(stdout));
        root.Subcommands.Add(CostCommand.Create(stdout));
        root.Subcommands.Add(TrainCommand.Create(stdout));
        root.Subcommands.Add(ProxyCorrelationCommand.Create(stdout));
        // Further commands register here, one line each.
        return root;
    }
}
