using System.CommandLine;
using System.Globalization;
using CimSim.Search;
using CimSim.Search.Output;
using CimSim.Search.Space;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim search --space FILE --out DIR [--workers N] [--resume] [--force]</c>: XPert-style two-phase co-search
/// of network widths and per-layer peripherals (docs/SEARCH.md). Every evaluated design is appended to
/// DIR/results.jsonl as it finishes; --resume continues from it without evaluating any design again. At the end it
/// writes best.yaml, best.json, pareto.csv, the Pareto charts (.svg, .pdf) and summary.txt and prints the summary.
/// </summary>
public static class SearchCommand
{
    /// <summary>Exit code after Ctrl-C (results so far are kept for --resume).</summary>
    public const int Interrupted = 130;

    private static readonly IReadOnlyList<string> OutputNames = SearchOutputs.FileNames;

    public static Command Create(TextWriter stdout)
    {
        var space = new Option<string>("--space") { Description = "Search-space YAML (e.g. architectures/search/xpert-vgg16-cifar10.yaml).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Directory for results.jsonl, best.yaml, best.json, pareto.csv, the Pareto charts (SVG, PDF), summary.txt.", Required = true };
        var workers = new Option<int>("--workers") { Description = "Designs evaluated in parallel (results do not depend on it).", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/results.jsonl; no design in it is evaluated again." };
        var force = new Option<bool>("--force") { Description = "Start over, overwriting DIR's files." };
        var cmd = new Command("search", "Co-search network widths and per-layer peripheral circuits (XPert's two phases) under an area budget.")
        { space, outDir, workers, resume, force };
        var slurm = SweepCommand.AddSearchSlurmOptions(cmd); // --slurm: the whole search as one Slurm job (docs/SWEEP.md §6)
        cmd.SetAction(r =>
        {
            if (r.GetValue(slurm.Slurm)) return SweepCommand.SubmitSearch(r, slurm, r.GetValue(space)!, r.GetValue(outDir)!, r.GetValue(resume), r.GetValue(force), stdout);
            var s = SearchSpaceLoader.LoadFile(r.GetValue(space)!);
            string dir = r.GetValue(outDir)!;
            bool doResume = r.GetValue(resume), doForce = r.GetValue(force);
            int n = r.GetValue(workers);
            if (n < 1) throw new InputException(null, 0, 0, "--workers", $"must be at least 1, got {n}");
            if (doResume && doForce) throw new InputException(null, 0, 0, "--resume", "--resume continues a search, --force starts over: give one");
            string results = Path.Combine(dir, "results.jsonl");
            if (File.Exists(results) && !doResume && !doForce)
                throw new InputException(null, 0, 0, "--out", $"'{results}' exists; pass --resume to continue that search or --force to start over");
            // Refuse before searching, not after: the summary files are replaced only with --force or --resume.
            foreach (var name in OutputNames)
                if (!doResume && !doForce && File.Exists(Path.Combine(dir, name)))
                    throw new InputException(null, 0, 0, "--out", $"'{Path.Combine(dir, name)}' exists; pass --force to overwrite it");

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            var progress = new ProgressLine(Console.Error);
            CoSearchOutcome outcome;
            try
            {
                Console.Error.WriteLine($"cimsim: searching {s} with {n} worker(s){(doResume ? ", resuming" : "")}");
                outcome = CoSearch.Run(s, new CoSearchOptions { Workers = n, ResultsPath = results, Resume = doResume, Progress = progress, Cancel = cancel.Token });
            }
            catch (OperationCanceledException)
            {
                progress.End();
                Console.Error.WriteLine($"cimsim: interrupted; finished designs are in {results}; continue with --resume");
                return Interrupted;
            }
            finally { Console.CancelKeyPress -= onCancel; }
            progress.End();
            foreach (var (name, content) in SearchOutputs.Files(outcome))
                OutputFiles.Write(Path.Combine(dir, name), content, doForce || doResume, "--out");
            stdout.Write(SearchOutputs.Summary(outcome));
            stdout.WriteLine();
            stdout.WriteLine($"re-run the best design: {SearchOutputs.RunCommand(outcome, Path.Combine(dir, "best.yaml"))}");
            stdout.WriteLine($"wrote {dir}/results.jsonl, {string.Join(", ", OutputNames)}");
            return 0;
        });
        return cmd;
    }

    /// <summary>One progress line: rewritten in place on a terminal, a line per report otherwise.</summary>
    private sealed class ProgressLine(TextWriter err) : IProgress<SearchProgress>
    {
        private readonly bool _tty = !Console.IsErrorRedirected;
        private int _width;

        public void Report(SearchProgress p)
        {
            var inv = CultureInfo.InvariantCulture;
            string best = p.BestObjective is { } b ? b.ToString("G5", inv) : "none feasible yet";
            string eta = p.Eta is { } e ? $"{e.TotalSeconds:F0} s" : "?";
            string line = string.Create(inv, $"cimsim: [{p.Stage}] {p.Done}/{p.Total} designs ({p.Simulated} simulated), best {best}, {p.Elapsed.TotalSeconds:F0} s elapsed, ETA {eta}");
            if (_tty)
            {
                err.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
            else err.WriteLine(line);
        }

        public void End()
        {
            if (_tty && _width > 0) err.WriteLine();
            _width = 0;
        }
    }
}
