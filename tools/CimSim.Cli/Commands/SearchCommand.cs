using System.CommandLine;
using System.Globalization;
using CimSim.Cli.Printing;
using CimSim.Search;
using CimSim.Search.Output;
using CimSim.Search.Space;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim search --space FILE -o DIR [--workers N] [--resume] [--force] [--quiet]</c>: XPert-style two-phase co-search
/// of network widths and per-layer peripherals (docs/SEARCH.md). Every evaluated design is appended to
/// DIR/results.jsonl as it finishes; --resume continues from it without evaluating any design again. At the end it
/// writes best.yaml, best.json, pareto.csv, the Pareto charts (.svg, .pdf) and summary.txt (all or none) and prints the summary. When
/// no design meets every constraint it says so first, writes only pareto.csv and summary.txt (no best.yaml) and
/// exits with <see cref="Program.NoFeasibleDesign"/>.
/// </summary>
public static class SearchCommand
{
    /// <summary>Exit code after Ctrl-C (results so far are kept for --resume).</summary>
    public const int Interrupted = 130;

    private static readonly IReadOnlyList<string> OutputNames = SearchOutputs.AllFileNames;
    private static readonly string[] InfeasibleOutputNames = ["pareto.csv", "summary.txt"];

    public static Command Create(TextWriter stdout)
    {
        var space = CommonOptions.NotEmpty(new Option<string>("--space") { Description = "Search-space YAML (e.g. architectures/search/xpert-vgg16-cifar10.yaml).", Required = true });
        var outDir = CommonOptions.Out("Directory for results.jsonl, best.yaml, best.json, pareto.csv, the Pareto charts (SVG, PDF), summary.txt (created if missing; its parent must exist).", required: true);
        var workers = CommonOptions.Workers("Designs evaluated in parallel.");
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/results.jsonl; no design in it is evaluated again." };
        var force = new Option<bool>("--force") { Description = "Start over, overwriting DIR's files." };
        var quiet = CommonOptions.Quiet();
        var cmd = new Command("search", "Co-search network widths and per-layer peripheral circuits (XPert's two phases) under an area budget.")
        { space, outDir, workers.Workers, workers.Threads, resume, force, quiet };
        var slurm = SweepCommand.AddSearchSlurmOptions(cmd); // --slurm: the whole search as one Slurm job (docs/SWEEP.md §6)
        cmd.SetAction(r =>
        {
            if (r.GetValue(slurm.Slurm)) return SweepCommand.SubmitSearch(r, slurm, r.GetValue(space)!, r.GetValue(outDir)!, r.GetValue(resume), r.GetValue(force), stdout);
            CommonOptions.OnlyWith(r, "--slurm", slurm.Partition, slurm.Time, slurm.Cpus, slurm.DryRun, slurm.Wait);
            var term = Terminal.For(r, r.GetValue(quiet));
            string dir = r.GetValue(outDir)!;
            bool doResume = r.GetValue(resume), doForce = r.GetValue(force);
            int n = CommonOptions.GetWorkers(r, workers);
            if (doResume && doForce) throw new InputException(null, 0, 0, "--resume", "--resume continues a search, --force starts over: give one");
            var s = SearchSpaceLoader.LoadFile(r.GetValue(space)!);
            string results = Path.Combine(dir, "results.jsonl");
            if (File.Exists(results) && !doResume && !doForce)
                throw new InputException(null, 0, 0, "--out", $"'{results}' exists; pass --resume to continue that search or --force to start over");
            // Refuse before searching, not after: the summary files are replaced only with --force or --resume.
            OutputFiles.CheckDirectory(dir, doForce || doResume, "--out", OutputNames);
            Directory.CreateDirectory(dir);

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            CoSearchOutcome outcome;
            try
            {
                term.Note($"searching {s} with {n} worker(s){(doResume ? ", resuming" : "")}");
                outcome = term.Progress("search", progress =>
                    CoSearch.Run(s, new CoSearchOptions
                    {
                        Workers = n, ResultsPath = results, Resume = doResume, Progress = new SearchReporter(progress), Cancel = cancel.Token,
                        Trainer = new SearchTrainer(), OutputDirectory = dir, Notes = new NoteReporter(term),
                    }));
            }
            catch (OperationCanceledException)
            {
                term.Err.WriteLine($"cimsim: interrupted; finished designs are in {results}; continue with --resume");
                return Interrupted;
            }
            catch (IOException e)
            {
                throw new InputException(null, 0, 0, "--out", $"cannot write '{results}': {InputFiles.Reason(e)}; the designs finished so far are kept, continue with --resume");
            }
            finally { Console.CancelKeyPress -= onCancel; }

            bool feasible = outcome.Best.Assessment.Feasible;
            var files = SearchOutputs.Files(outcome)
                .Where(x => feasible || InfeasibleOutputNames.Contains(x.Name))
                .Select(x => (Path.Combine(dir, x.Name), x.Content)).ToList();
            OutputFiles.WriteAll(files, doForce || doResume, "--out");
            if (!feasible)
            {
                // A best.yaml or best.json of an earlier run must not pass for this one's.
                foreach (var stale in OutputNames.Except(InfeasibleOutputNames)) File.Delete(Path.Combine(dir, stale));
                term.Err.WriteLine($"cimsim: error: no feasible design in search space '{s.Name}' ({outcome.All.Count} evaluated); " +
                                   $"the least infeasible violates: {string.Join("; ", outcome.Best.Assessment.Violations)}; no best.yaml written; see {Path.Combine(dir, "summary.txt")}");
            }
            if (!term.Quiet)
            {
                term.Out.Write(SearchOutputs.Summary(outcome));
                term.Line();
                if (feasible) term.Line($"re-run the best design: {SearchOutputs.RunCommand(outcome, Path.Combine(dir, "best.yaml"))}");
            }
            term.Note($"wrote {dir}/: results.jsonl, {string.Join(", ", files.Select(x => Path.GetFileName(x.Item1)))}");
            return feasible ? 0 : Program.NoFeasibleDesign;
        });
        return cmd;
    }

    /// <summary>Training and accuracy notes onto the terminal, on the caller's thread.</summary>
    private sealed class NoteReporter(Terminal term) : IProgress<string>
    {
        public void Report(string line) => term.Note(line);
    }

    /// <summary>Search progress into the terminal's progress bar (or its plain lines).</summary>
    private sealed class SearchReporter(ProgressReporter progress) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress p)
        {
            var inv = CultureInfo.InvariantCulture;
            string best = p.BestObjective is { } b ? Units.Plain(b) : "none feasible yet";
            progress.Report(p.Done, p.Total, string.Create(inv, $"[{p.Stage}] {p.Done}/{p.Total} designs ({p.Simulated} simulated), best {best}"));
        }
    }
}
