using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CimSim.Search.Sweep;

/// <summary>How a batch script asks Slurm for resources (each given option is passed through to sbatch).</summary>
public sealed record SlurmOptions
{
    /// <summary><c>--partition</c>; null: the cluster's default.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--time</c> (e.g. 0:30:00); null: the partition's default.</summary>
    public string? Time { get; init; }
    /// <summary><c>--cpus-per-task</c>; each task runs that many workers.</summary>
    public int CpusPerTask { get; init; } = 1;
    /// <summary>At most this many array tasks at once (<c>--array=…%K</c>); 0: no limit.</summary>
    public int ArrayParallelism { get; init; }
}

/// <summary>
/// Writes Slurm batch scripts that run cimsim, submits them with <c>sbatch</c>, and waits for jobs with
/// <c>squeue</c> (the tools Slurm users have; no accounting database needed). Paths in scripts are absolute and
/// single-quoted, so spaces and quotes in them are safe.
/// </summary>
public static class SlurmBatch
{
    /// <summary>How to start cimsim on a node: the dotnet host and cimsim.dll (absolute), and CIMSIM_HOME if known.</summary>
    /// <param name="Dotnet">The <c>dotnet</c> executable (absolute path, or <c>dotnet</c> to take it from PATH).</param>
    /// <param name="CimsimDll">Absolute path of the built cimsim.dll.</param>
    /// <param name="Home">The repository (CIMSIM_HOME), or null.</param>
    public sealed record Launcher(string Dotnet, string CimsimDll, string? Home);

    /// <summary>A word quoted for bash: '…' with each ' written as '\''.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>
    /// A batch script: <c>#SBATCH</c> lines for the job name, <paramref name="array"/> (null: not an array), log
    /// <paramref name="output"/> pattern and <paramref name="options"/>, then <paramref name="comment"/> lines and a
    /// command running cimsim with <paramref name="arguments"/> (already quoted words).
    /// </summary>
    public static string Script(string jobName, string? array, string output, SlurmOptions options, Launcher launcher,
        IEnumerable<string> comment, IEnumerable<string> setup, string arguments)
    {
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.Append("#SBATCH --job-name=").Append(Directive(jobName)).Append('\n');
        if (array is not null) sb.Append("#SBATCH --array=").Append(array).Append('\n');
        sb.Append("#SBATCH --output=").Append(Directive(output)).Append('\n');
        sb.Append("#SBATCH --cpus-per-task=").Append(options.CpusPerTask.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (options.Partition is not null) sb.Append("#SBATCH --partition=").Append(Directive(options.Partition)).Append('\n');
        if (options.Time is not null) sb.Append("#SBATCH --time=").Append(Directive(options.Time)).Append('\n');
        foreach (var line in comment) sb.Append("# ").Append(line).Append('\n');
        sb.Append("set -eu\n");
        if (launcher.Home is not null) sb.Append("export CIMSIM_HOME=").Append(Quote(launcher.Home)).Append('\n');
        sb.Append("DOTNET=").Append(Quote(launcher.Dotnet)).Append('\n');
        sb.Append("[ -x \"$DOTNET\" ] || DOTNET=dotnet   # on a node without that path, the dotnet on PATH\n");
        foreach (var line in setup) sb.Append(line).Append('\n');
        sb.Append("exec \"$DOTNET\" ").Append(Quote(launcher.CimsimDll)).Append(' ').Append(arguments).Append('\n');
        return sb.ToString();
    }

    /// <summary>An #SBATCH value: double-quoted when it has spaces (sbatch reads quoted directive values).</summary>
    private static string Directive(string value)
    {
        if (value.IndexOfAny(['"', '\n']) >= 0) throw new InputException(null, 0, 0, null, $"'{value}' cannot go into an #SBATCH line (quote or newline)");
        return value.IndexOfAny([' ', '\t', '\'']) >= 0 ? "\"" + value + "\"" : value;
    }

    /// <summary>The array option for <paramref name="indices"/> (runs compressed: 0-3,7), with the parallelism limit.</summary>
    public static string Array(IReadOnlyList<int> indices, int parallelism)
    {
        var parts = new List<string>();
        for (int i = 0; i < indices.Count;)
        {
            int j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1) j++;
            parts.Add(i == j ? indices[i].ToString(CultureInfo.InvariantCulture) : $"{indices[i]}-{indices[j]}");
            i = j + 1;
        }
        return string.Join(',', parts) + (parallelism > 0 ? $"%{parallelism}" : "");
    }

    /// <summary>The sbatch command that submits <paramref name="script"/> (with an --array override), as a shell line.</summary>
    public static string CommandLine(string script, string? array) =>
        "sbatch --parsable" + (array is null ? "" : $" --array={array}") + " " + Quote(script);

    /// <summary>Submits <paramref name="script"/> with sbatch (an --array override if given); returns the job id.</summary>
    public static string Submit(string script, string? array)
    {
        var args = new List<string> { "--parsable" };
        if (array is not null) args.Add($"--array={array}");
        args.Add(script);
        var (code, stdout, stderr) = Exec("sbatch", args);
        if (code != 0) throw new InputException(null, 0, 0, "--slurm", $"sbatch failed (exit {code}): {FirstLine(stderr)}");
        string id = stdout.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new InputException(null, 0, 0, "--slurm", $"sbatch printed no job id: {FirstLine(stdout)}");
        return id;
    }

    /// <summary>The job ids among <paramref name="jobs"/> that squeue still lists (pending or running).</summary>
    public static IReadOnlyList<string> Queued(IReadOnlyList<string> jobs)
    {
        if (jobs.Count == 0) return [];
        var (code, stdout, stderr) = Exec("squeue", ["-h", "-o", "%F", "-j", string.Join(',', jobs)]);
        // squeue exits non-zero for job ids it no longer knows: they are not queued.
        if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new InputException(null, 0, 0, "--slurm", $"squeue failed (exit {code}): {FirstLine(stderr)}");
        var listed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        return jobs.Where(listed.Contains).ToList();
    }

    /// <summary><see cref="Queued"/>, or none when squeue cannot be asked (a report, not a decision).</summary>
    public static IReadOnlyList<string> QueuedOrEmpty(IReadOnlyList<string> jobs)
    {
        try { return Queued(jobs); }
        catch (InputException) { return []; }
    }

    /// <summary>Polls squeue until none of <paramref name="jobs"/> is queued or running.</summary>
    public static void Wait(IReadOnlyList<string> jobs, CancellationToken cancel, TimeSpan? poll = null)
    {
        var every = poll ?? TimeSpan.FromSeconds(0.5);
        while (Queued(jobs).Count > 0)
        {
            cancel.ThrowIfCancellationRequested();
            Thread.Sleep(every);
        }
    }

    private static string FirstLine(string s) => s.Trim().Split('\n')[0];

    private static (int Code, string Stdout, string Stderr) Exec(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException(null, 0, 0, "--slurm", $"cannot run {program} ({e.Message}); is Slurm installed and on PATH?");
        }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout, err.Result);
        }
    }
}
