using System.CommandLine;
using System.Globalization;
using CimSim.Cli.Printing;
using CimSim.Search.Sweep;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim sweep</c>: design-space sweeps (docs/SWEEP.md). Locally on the worker pool
/// (<c>cimsim sweep SPEC --out DIR</c>), or as a Slurm job array (<c>--slurm</c>: each task runs
/// <c>cimsim sweep SPEC --out DIR --shard i/N</c>), merged by <c>cimsim sweep collect DIR</c> into the same bytes a
/// local run writes; <c>cimsim sweep DIR --slurm --resume</c> resubmits only the shards that are not complete.
/// </summary>
public static class SweepCommand
{
    /// <summary>Exit code of <c>collect</c> (and <c>--wait</c>) when shards are missing or failed.</summary>
    public const int Incomplete = 3;
    /// <summary>Exit code after Ctrl-C.</summary>
    public const int Interrupted = 130;

    /// <summary>Files a finished sweep writes in its directory (results.jsonl first).</summary>
    public static IReadOnlyList<string> OutputNames(SweepSpec spec) => ["results.jsonl", "sweep.csv", .. SweepChart.FileNames(spec)];

    public static Command Create(TextWriter stdout)
    {
        var target = new Argument<string>("spec") { Description = "Sweep spec YAML (e.g. architectures/sweeps/adc7-resnet20.yaml), or a Slurm sweep's DIR with --slurm --resume." };
        var outDir = CommonOptions.Out("Directory for results.jsonl, sweep.csv, sweep-FIGURE.svg (and, with --slurm, sweep.json, sweep.sbatch, shards/, logs/).", required: false);
        var workers = CommonOptions.Workers("Points simulated in parallel.");
        var quiet = CommonOptions.Quiet();
        var resume = new Option<bool>("--resume") { Description = "Local: continue DIR/results.jsonl. With --slurm: resubmit only the missing or failed shards of DIR." };
        var force = new Option<bool>("--force") { Description = "Start over, replacing DIR's sweep files." };
        var shard = new Option<string?>("--shard") { Description = "i/N: run shard i of N into DIR/shards/i.jsonl (what each Slurm array task runs)." };
        var slurm = new Option<bool>("--slurm") { Description = "Run as a Slurm job array: write DIR/sweep.sbatch and submit it with sbatch." };
        var shards = new Option<int>("--shards") { Description = "Array tasks (default: one per point, at most 100)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition)." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per task (sbatch --time), e.g. 0:30:00." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per array task (sbatch --cpus-per-task); the task runs that many workers.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--array-parallelism") { Description = "At most this many tasks at once (sbatch --array=...%K)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write the batch script and print the sbatch command instead of running it." };
        var wait = new Option<bool>("--wait") { Description = "After submitting, wait for the jobs to finish, then collect." };
        var cmd = new Command("sweep", "Sweep chip/network fields over a grid or a list of points; locally or as a Slurm job array.")
        { target, outDir, workers.Workers, workers.Threads, resume, force, quiet, shard, slurm, shards, partition, time, cpus, parallel, dryRun, wait };

        var collectDir = new Argument<string>("dir") { Description = "A Slurm sweep's directory." };
        var collectForce = new Option<bool>("--force") { Description = "Replace an existing results.jsonl (and tables, charts) that differs." };
        var collect = new Command("collect", "Merge a Slurm sweep's shards into results.jsonl, sweep.csv and the charts (the bytes a local run writes); list missing or failed shards.")
        { collectDir, collectForce };
        collect.SetAction(r => Collect(r.GetValue(collectDir)!, r.GetValue(collectForce), stdout));
        cmd.Subcommands.Add(collect);

        cmd.SetAction(r =>
        {
            string what = r.GetValue(target)!;
            int n = CommonOptions.GetWorkers(r, workers);
            bool doResume = r.GetValue(resume), doForce = r.GetValue(force);
            if (doResume && doForce) throw new InputException(null, 0, 0, "--resume", "--resume continues a sweep, --force starts over: give one");
            var slurmOptions = new SlurmOptions
            {
                Partition = r.GetValue(partition), Time = r.GetValue(time), CpusPerTask = r.GetValue(cpus), ArrayParallelism = r.GetValue(parallel),
            };
            if (slurmOptions.CpusPerTask < 1) throw new InputException(null, 0, 0, "--cpus-per-task", $"must be at least 1, got {slurmOptions.CpusPerTask}");
            if (slurmOptions.ArrayParallelism < 0) throw new InputException(null, 0, 0, "--array-parallelism", $"must be at least 0, got {slurmOptions.ArrayParallelism}");

            if (r.GetValue(slurm))
            {
                if (r.GetValue(shard) is not null) throw new InputException(null, 0, 0, "--shard", "--shard runs one task's share; --slurm submits them all: give one");
                if (doResume)
                {
                    string dir = Directory.Exists(what) ? what : r.GetValue(outDir) ?? throw new InputException(null, 0, 0, "--resume", $"'{what}' is not a directory; give the sweep's DIR (or SPEC --out DIR)");
                    return SlurmResume(dir, r.GetValue(dryRun), r.GetValue(wait), slurmOptions.ArrayParallelism, stdout);
                }
                string d = r.GetValue(outDir) ?? throw new InputException(null, 0, 0, "--out", "--slurm needs --out DIR");
                if (CommonOptions.Given(r, shards) && r.GetValue(shards) < 1) throw new InputException(null, 0, 0, "--shards", $"must be at least 1, got {r.GetValue(shards)}");
                return SlurmSubmit(what, d, r.GetValue(shards), slurmOptions, doForce, r.GetValue(dryRun), r.GetValue(wait), stdout);
            }
            CommonOptions.OnlyWith(r, "--slurm", shards, partition, time, cpus, parallel, dryRun, wait);
            string outPath = r.GetValue(outDir) ?? throw new InputException(null, 0, 0, "--out", "missing: give --out DIR");
            if (r.GetValue(shard) is { } s) return RunShard(what, outPath, s, n, stdout);
            return RunLocal(what, outPath, n, doResume, doForce, Terminal.For(r, r.GetValue(quiet)));
        });
        return cmd;
    }

    private static int RunLocal(string specPath, string dir, int workers, bool resume, bool force, Terminal term)
    {
        var spec = SweepSpecLoader.LoadFile(specPath);
        string results = Path.Combine(dir, "results.jsonl");
        if (File.Exists(results) && !resume && !force)
            throw new InputException(null, 0, 0, "--out", $"'{results}' exists; pass --resume to continue that sweep or --force to start over");
        OutputFiles.CheckDirectory(dir, resume || force, "--out", OutputNames(spec).Skip(1));
        Directory.CreateDirectory(dir);
        term.Note($"sweep {spec.Name}: {spec.Points.Count} points, {workers} worker(s){(resume ? ", resuming" : "")}");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        IReadOnlyList<SweepResult> all;
        try
        {
            all = term.Progress($"sweep {spec.Name}", progress => SweepRunner.Run(spec, spec.Points, results, new SweepRunOptions
            {
                Workers = workers, Resume = resume, Progress = (done, total) => progress.Report(done, total, "points"), Cancel = cancel.Token,
            }));
        }
        catch (OperationCanceledException)
        {
            term.Err.WriteLine($"cimsim: interrupted; finished points are in {results}; continue with --resume");
            return Interrupted;
        }
        finally { Console.CancelKeyPress -= onCancel; }
        WriteTables(spec, dir, all, force: true);
        if (!term.Quiet) PrintSummary(spec, all, dir, term.Out);
        return 0;
    }

    private static int RunShard(string specPath, string dir, string text, int workers, TextWriter stdout)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || i >= n)
            throw new InputException(null, 0, 0, "--shard", $"expected i/N with 0 ≤ i < N, got '{text}'");
        var spec = SweepSpecLoader.LoadFile(specPath);
        if (File.Exists(SweepManifest.PathIn(dir)))
        {
            var m = SweepManifest.Read(dir);
            if (m.Fingerprint != spec.Fingerprint || m.Shards != n)
                throw new InputException(specPath, 0, 0, "--shard",
                    $"{dir} was written for {m.Shards} shards of a spec with fingerprint {m.Fingerprint}; this is {n} shards of {spec.Fingerprint} (the spec or its chip changed since submission)");
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var results = SweepShards.RunShard(spec, dir, i, n, new SweepRunOptions { Workers = workers });
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cimsim: shard {i}/{n} of {spec.Name}: {results.Count} points ({results.Count(r => r.Error is not null)} could not run) in {sw.Elapsed.TotalSeconds:F1} s -> {SweepShards.FinalPath(dir, i)}"));
        return 0;
    }

    private static int SlurmSubmit(string specPath, string dir, int shardCount, SlurmOptions options, bool force, bool dryRun, bool wait, TextWriter stdout)
    {
        var spec = SweepSpecLoader.LoadFile(specPath);
        int n = shardCount > 0 ? Math.Min(shardCount, spec.Points.Count) : Math.Min(spec.Points.Count, 100);
        if (shardCount < 0) throw new InputException(null, 0, 0, "--shards", $"must be at least 1, got {shardCount}");
        string abs = Path.GetFullPath(dir);
        string script = Path.Combine(abs, "sweep.sbatch");
        var existing = new[] { SweepManifest.PathIn(abs), script }.Concat(OutputNames(spec).Select(x => Path.Combine(abs, x))).Where(File.Exists).ToList();
        if (Directory.Exists(SweepShards.Folder(abs)) && Directory.EnumerateFileSystemEntries(SweepShards.Folder(abs)).Any()) existing.Add(SweepShards.Folder(abs));
        if (existing.Count > 0 && !force)
            throw new InputException(null, 0, 0, "--out", $"'{existing[0]}' exists; resubmit what is missing with: cimsim sweep {dir} --slurm --resume, or pass --force to start over");
        if (force)
        {
            foreach (var f in existing.Where(File.Exists)) File.Delete(f);
            if (Directory.Exists(SweepShards.Folder(abs))) Directory.Delete(SweepShards.Folder(abs), recursive: true);
        }
        Directory.CreateDirectory(SweepShards.Folder(abs));
        Directory.CreateDirectory(Path.Combine(abs, "logs"));
        string array = SlurmBatch.Array(Enumerable.Range(0, n).ToList(), options.ArrayParallelism);
        string args = $"sweep {SlurmBatch.Quote(spec.FullPath)} --out {SlurmBatch.Quote(abs)} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" --workers \"${{SLURM_CPUS_PER_TASK:-1}}\"";
        string text = SlurmBatch.Script($"cimsim-sweep-{spec.Name}", array, Path.Combine(abs, "logs", "shard-%a-job%A.out"), options, Launcher(),
            [
                $"Written by `cimsim sweep --slurm` for {spec.FullPath} ({spec.Points.Count} points, {n} shards; docs/SWEEP.md).",
                "Array task i runs the points p with p mod N = i and writes shards/i.jsonl; `cimsim sweep collect DIR` merges them;",
                "`cimsim sweep DIR --slurm --resume` resubmits the shards that are missing or failed.",
            ], [], args);
        var manifest = new SweepManifest { Spec = spec.FullPath, Fingerprint = spec.Fingerprint, Points = spec.Points.Count, Shards = n };
        WriteAtomically(script, text);
        manifest.Write(abs);
        if (dryRun)
        {
            stdout.WriteLine($"wrote {script} ({spec.Points.Count} points in {n} shards); submit it with:");
            stdout.WriteLine(SlurmBatch.CommandLine(script, null));
            return 0;
        }
        string job = SlurmBatch.Submit(script, null);
        manifest = manifest with { Jobs = [(job, array)] };
        manifest.Write(abs);
        stdout.WriteLine($"submitted job array {job} ({n} tasks, {spec.Points.Count} points) from {script}");
        if (!wait)
        {
            stdout.WriteLine($"when it is done: cimsim sweep collect {dir}");
            return 0;
        }
        SlurmBatch.Wait([job], CancellationToken.None);
        return Collect(abs, force: false, stdout);
    }

    private static int SlurmResume(string dir, bool dryRun, bool wait, int parallelism, TextWriter stdout)
    {
        var manifest = SweepManifest.Read(dir);
        var spec = manifest.LoadSpec();
        var queued = manifest.Jobs.Count == 0 || dryRun ? [] : SlurmBatch.Queued(manifest.Jobs.Select(j => j.JobId).ToList());
        if (queued.Count > 0)
            throw new InputException(null, 0, 0, "--resume", $"job(s) {string.Join(", ", queued)} of this sweep are still queued or running; wait for them (or scancel them) before resubmitting");
        var status = SweepShards.Status(spec, dir, manifest.Shards);
        var redo = status.Where(s => s.State != ShardState.Complete).ToList();
        foreach (var s in redo) stdout.WriteLine(Describe(s));
        if (redo.Count == 0)
        {
            stdout.WriteLine($"all {manifest.Shards} shards are complete; nothing to resubmit");
            return wait ? Collect(dir, force: false, stdout) : 0;
        }
        string script = Path.Combine(Path.GetFullPath(dir), "sweep.sbatch");
        if (!File.Exists(script)) throw new InputException(null, 0, 0, "--resume", $"'{script}' is missing; start over with cimsim sweep SPEC --out {dir} --slurm --force");
        string array = SlurmBatch.Array(redo.Select(s => s.Shard).ToList(), parallelism);
        if (dryRun)
        {
            stdout.WriteLine($"resubmit {redo.Count} of {manifest.Shards} shards with:");
            stdout.WriteLine(SlurmBatch.CommandLine(script, array));
            return 0;
        }
        foreach (var s in redo) File.Delete(SweepShards.FailedPath(dir, s.Shard));
        string job = SlurmBatch.Submit(script, array);
        manifest = manifest with { Jobs = [.. manifest.Jobs, (job, array)] };
        manifest.Write(dir);
        stdout.WriteLine($"resubmitted shards {array} of {manifest.Shards} as job {job}");
        if (!wait) return 0;
        SlurmBatch.Wait([job], CancellationToken.None);
        return Collect(dir, force: false, stdout);
    }

    private static int Collect(string dir, bool force, TextWriter stdout)
    {
        var manifest = SweepManifest.Read(dir);
        var spec = manifest.LoadSpec();
        var status = SweepShards.Status(spec, dir, manifest.Shards);
        var bad = status.Where(s => s.State != ShardState.Complete).ToList();
        if (bad.Count > 0)
        {
            foreach (var s in bad) stdout.WriteLine(Describe(s));
            var queued = manifest.Jobs.Count == 0 ? [] : SlurmBatch.QueuedOrEmpty(manifest.Jobs.Select(j => j.JobId).ToList());
            if (queued.Count > 0) stdout.WriteLine($"job(s) {string.Join(", ", queued)} are still queued or running");
            stdout.WriteLine($"{bad.Count} of {manifest.Shards} shards are not complete; nothing merged. Resubmit them with: cimsim sweep {dir} --slurm --resume");
            return Incomplete;
        }
        var all = SweepShards.Merge(spec, dir, manifest.Shards)!;
        string results = Path.Combine(dir, "results.jsonl");
        string text = string.Concat(all.Select(r => r.Json + "\n"));
        bool same = File.Exists(results) && File.ReadAllText(results) == text;
        if (!same)
        {
            foreach (var name in OutputNames(spec)) OutputFiles.CheckFree(Path.Combine(dir, name), force, "collect");
            WriteAtomically(results, text);
        }
        WriteTables(spec, dir, all, force: true);
        PrintSummary(spec, all, dir, stdout);
        return 0;
    }

    private static string Describe(ShardStatus s) => s.State switch
    {
        ShardState.Failed => $"shard {s.Shard}: failed ({s.Done} of {s.Points} points stored): {s.Message}",
        ShardState.Incomplete => $"shard {s.Shard}: incomplete ({s.Done} of {s.Points} points stored; killed, or still running)",
        ShardState.Missing => $"shard {s.Shard}: missing (no output; not run, cancelled, or still queued)",
        _ => $"shard {s.Shard}: complete",
    };

    private static void WriteTables(SweepSpec spec, string dir, IReadOnlyList<SweepResult> all, bool force)
    {
        WriteAtomically(Path.Combine(dir, "sweep.csv"), SweepTable.Csv(spec, all));
        var charts = SweepChart.Files(spec, all);
        foreach (var (name, content) in charts) CimSim.Simulator.Plots.ChartFiles.WriteAtomic(Path.Combine(dir, name), content);
        foreach (var name in SweepChart.FileNames(spec).Except(charts.Select(c => c.FileName)))
            if (force && File.Exists(Path.Combine(dir, name))) File.Delete(Path.Combine(dir, name));
    }

    private static void PrintSummary(SweepSpec spec, IReadOnlyList<SweepResult> all, string dir, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"{spec.Name}: {all.Count} points ({all.Count(r => r.Error is not null)} could not run)");
        stdout.WriteLine(string.Join("  ", new[] { "point".PadLeft(5) }.Concat(spec.Fields.Select(f => f.PadLeft(Math.Max(6, f.Length))))
            .Concat(spec.Figures.Select(f => f.Column.PadLeft(14)))));
        foreach (var r in all.Take(60))
        {
            var p = spec.Points[r.Point];
            var cells = new List<string> { r.Point.ToString(inv).PadLeft(5) };
            cells.AddRange(spec.Fields.Select(f => (p.ValueOf(f) ?? "-").PadLeft(Math.Max(6, f.Length))));
            if (r.Error is not null) cells.Add("could not run: " + r.Error);
            else cells.AddRange(spec.Figures.Select(f => r.Value(f).ToString("G6", inv).PadLeft(14)));
            stdout.WriteLine(string.Join("  ", cells));
        }
        if (all.Count > 60) stdout.WriteLine($"... ({all.Count - 60} more in sweep.csv)");
        stdout.WriteLine($"wrote {Path.Combine(dir, "results.jsonl")}, sweep.csv, {string.Join(", ", SweepChart.FileNames(spec).Where(f => File.Exists(Path.Combine(dir, f))))}");
    }

    private static void WriteAtomically(string path, string content)
    {
        var dirName = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dirName is not null) Directory.CreateDirectory(dirName);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>How a cluster node starts this very build of cimsim: dotnet + the absolute cimsim.dll, CIMSIM_HOME if set.</summary>
    internal static SlurmBatch.Launcher Launcher()
    {
        string? home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        string dll = typeof(SweepCommand).Assembly.Location;
        // Run in-process from elsewhere (tests): the launcher's build of the repository.
        if (!File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) && !string.IsNullOrEmpty(home))
            dll = Path.Combine(home, ".build", "bin", "CimSim.Cli", "release", "cimsim.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new InputException(null, 0, 0, "--slurm", $"cannot find a runnable cimsim.dll (tried {dll}); run cimsim through ./cimsim or dotnet cimsim.dll");
        string host = Environment.ProcessPath ?? "dotnet";
        string dotnet = Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        return new SlurmBatch.Launcher(dotnet, Path.GetFullPath(dll), string.IsNullOrEmpty(home) ? null : Path.GetFullPath(home));
    }

    /// <summary>The options <see cref="AddSearchSlurmOptions"/> adds to <c>cimsim search</c>.</summary>
    internal sealed record SearchSlurmOptions(Option<bool> Slurm, Option<string?> Partition, Option<string?> Time, Option<int> Cpus, Option<bool> DryRun, Option<bool> Wait);

    /// <summary>Adds <c>--slurm</c> and its pass-through options to <c>cimsim search</c>; returns them.</summary>
    internal static SearchSlurmOptions AddSearchSlurmOptions(Command search)
    {
        var slurm = new Option<bool>("--slurm") { Description = "Run the whole search as one Slurm job on --cpus-per-task workers (write DIR/search.sbatch and submit it)." };
        var partition = new Option<string?>("--partition") { Description = "With --slurm: sbatch --partition." };
        var time = new Option<string?>("--time") { Description = "With --slurm: sbatch --time (a requeued or resubmitted job resumes from results.jsonl)." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "With --slurm: CPUs of the job = workers of the search.", DefaultValueFactory = _ => 2 };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --slurm: write the script and print the sbatch command." };
        var wait = new Option<bool>("--wait") { Description = "With --slurm: wait for the job and print its summary." };
        foreach (var o in new Option[] { slurm, partition, time, cpus, dryRun, wait }) search.Options.Add(o);
        return new SearchSlurmOptions(slurm, partition, time, cpus, dryRun, wait);
    }

    /// <summary>
    /// <c>cimsim search --slurm</c>: the search as one Slurm job that runs <c>cimsim search</c> with its local pool on
    /// the job's CPUs (why not a job array per optimiser round: docs/SWEEP.md §6). The job resumes from
    /// results.jsonl when Slurm requeues it or it is submitted again with --resume, so its answer is the local search's.
    /// </summary>
    internal static int SubmitSearch(ParseResult r, SearchSlurmOptions o, string spacePath, string dir, bool resume, bool force, TextWriter stdout)
    {
        if (resume && force) throw new InputException(null, 0, 0, "--resume", "--resume continues a search, --force starts over: give one");
        var space = CimSim.Search.Space.SearchSpaceLoader.LoadFile(spacePath);   // errors in the space: now, not on the node
        var options = new SlurmOptions { Partition = r.GetValue(o.Partition), Time = r.GetValue(o.Time), CpusPerTask = r.GetValue(o.Cpus) };
        if (options.CpusPerTask < 1) throw new InputException(null, 0, 0, "--cpus-per-task", $"must be at least 1, got {options.CpusPerTask}");
        string abs = Path.GetFullPath(dir);
        string results = Path.Combine(abs, "results.jsonl"), script = Path.Combine(abs, "search.sbatch");
        if (File.Exists(results) && !resume && !force)
            throw new InputException(null, 0, 0, "--out", $"'{results}' exists; pass --resume to continue that search or --force to start over");
        if (File.Exists(script) && !resume && !force)
            throw new InputException(null, 0, 0, "--out", $"'{script}' exists; pass --force to overwrite it");
        if (force && !r.GetValue(o.DryRun)) File.Delete(results);
        string args = $"search --space {SlurmBatch.Quote(Path.GetFullPath(spacePath))} --out {SlurmBatch.Quote(abs)} --workers \"${{SLURM_CPUS_PER_TASK:-1}}\" $RESUME";
        string text = SlurmBatch.Script($"cimsim-search-{space.Name}", null, Path.Combine(abs, "search-%j.out"), options, Launcher(),
            [
                $"Written by `cimsim search --slurm` for {Path.GetFullPath(spacePath)} (docs/SWEEP.md §6): the whole search in one job,",
                "its designs evaluated on the job's CPUs by the search's own worker pool. A requeued or resubmitted job continues",
                "from results.jsonl (--resume); no design is evaluated twice and the answer is the local search's.",
                "(sbatch: --requeue lets Slurm restart it after a node failure or preemption.)",
            ],
            [$"RESUME=; [ -f {SlurmBatch.Quote(results)} ] && RESUME=--resume"], args).Replace("#SBATCH --cpus-per-task", "#SBATCH --requeue\n#SBATCH --cpus-per-task");
        WriteAtomically(script, text);
        if (r.GetValue(o.DryRun))
        {
            stdout.WriteLine($"wrote {script}; submit it with:");
            stdout.WriteLine(SlurmBatch.CommandLine(script, null));
            return 0;
        }
        string job = SlurmBatch.Submit(script, null);
        stdout.WriteLine($"submitted search job {job} ({options.CpusPerTask} CPUs) from {script}; its log: {Path.Combine(abs, $"search-{job}.out")}");
        if (!r.GetValue(o.Wait)) return 0;
        SlurmBatch.Wait([job], CancellationToken.None);
        string summary = Path.Combine(abs, "summary.txt");
        if (!File.Exists(summary) || File.GetLastWriteTimeUtc(summary) < File.GetLastWriteTimeUtc(script))
        {
            stdout.WriteLine($"job {job} ended without a summary; see {Path.Combine(abs, $"search-{job}.out")}; continue with cimsim search --space {spacePath} --out {dir} --slurm --resume");
            return Incomplete;
        }
        string summaryText = File.ReadAllText(summary);
        stdout.Write(summaryText);
        // The job's summary says first when no design met the constraints: the same exit code as a local search.
        return summaryText.StartsWith("NO FEASIBLE DESIGN", StringComparison.Ordinal) ? Program.NoFeasibleDesign : 0;
    }
}
