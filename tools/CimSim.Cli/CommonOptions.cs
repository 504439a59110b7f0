using System.CommandLine;

namespace CimSim.Cli;

/// <summary>
/// The options several commands share, defined once so that they mean the same everywhere (README.md, "Flags"):
/// <c>--arch</c>, <c>--network</c>, <c>--dataset</c>, <c>--seed</c>, <c>--schedule</c>, <c>--workers</c>,
/// <c>-o/--out</c>, <c>--json [FILE]</c>, <c>--force</c>, <c>--quiet</c>. Every size a user can give has its
/// limit here, checked while parsing (before any work).
/// </summary>
public static class CommonOptions
{
    /// <summary>Largest --workers: more workers than this only cost memory.</summary>
    public const int MaxWorkers = 256;

    /// <summary><c>--arch FILE</c>: the chip.</summary>
    public static Option<string> Arch(bool required, string? defaultValue = null)
    {
        var o = new Option<string>("--arch") { Description = "Architecture (chip) YAML file.", Required = required };
        if (defaultValue is not null) o.DefaultValueFactory = _ => defaultValue;
        NotEmpty(o);
        return o;
    }

    /// <summary><c>--network NAME|FILE</c>.</summary>
    public static Option<string> Network(bool required, string? defaultValue = null)
    {
        var o = new Option<string>("--network")
        {
            Description = "Zoo network (vgg8, vgg16, resnet20, resnet18; e.g. vgg16:channels=...) or a network YAML file.",
            Required = required,
        };
        if (defaultValue is not null) o.DefaultValueFactory = _ => defaultValue;
        NotEmpty(o);
        return o;
    }

    /// <summary><c>--dataset NAME</c> (default: the network's own).</summary>
    public static Option<string?> Dataset() =>
        new("--dataset") { Description = $"{string.Join(", ", Workloads.Networks.Dataset.All.Select(d => d.Name))}, or a data set's path, whose images set the input shape (default: the network's own)." };

    /// <summary><c>--weights DIR</c>: trained weights for a network that is not a model directory (<see cref="Workloads.Models.ModelSource.Load"/>).</summary>
    public static Option<string?> Weights() =>
        NotEmpty(new Option<string?>("--weights") { Description = "A directory of <layer>.npy weights (and .bias.npy, .bn_*.npy) for a --network that is not a model directory." });

    /// <summary><c>--input IMAGE.npy</c>: the image a compiled network runs on.</summary>
    public static Option<string?> Input() =>
        NotEmpty(new Option<string?>("--input") { Description = "A .npy input image (C×H×W) instead of a random one." });

    /// <summary><c>--replicate</c>: spare tiles spent on copies of the busiest layers.</summary>
    public static Option<bool> Replicate() =>
        new("--replicate") { Description = "Copy the busiest layers onto spare tiles (whole tiles per copy)." };

    /// <summary><c>--replicate-in-tiles</c>: NeuroSim's weight copies in each layer's own unused crossbars.</summary>
    public static Option<bool> ReplicateInTiles() =>
        new("--replicate-in-tiles") { Description = "Fill each layer's unused crossbars in its own tiles with copies of its weights and divide its input vectors (beyond one copy per vector, their bit planes) among them (NeuroSim)." };

    /// <summary><c>--seed N</c>: seed of the random weights and inputs.</summary>
    public static Option<ulong> Seed() =>
        new("--seed") { Description = "Seed of the random weights and inputs (0 to 2^64-1).", DefaultValueFactory = _ => 1 };

    /// <summary><c>--schedule layer-by-layer|pipelined</c>.</summary>
    public static Option<string> Schedule()
    {
        var o = new Option<string>("--schedule") { Description = "layer-by-layer or pipelined.", DefaultValueFactory = _ => "layer-by-layer" };
        o.AcceptOnlyFromAmong("layer-by-layer", "pipelined");
        return o;
    }

    /// <summary><c>--force</c>: replace existing output files.</summary>
    public static Option<bool> Force() => new("--force") { Description = "Overwrite existing output files." };

    /// <summary><c>--quiet</c>: no notes, no progress, no summary.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print no progress and no summary (errors still)." };

    /// <summary>
    /// <c>--workers N</c> / <c>-j N</c> (0, the default: every core, or in a Slurm task its CPUs; at most
    /// <see cref="MaxWorkers"/>); the old spelling <c>--threads</c> is a hidden alias. Read it with <see cref="GetWorkers"/>.
    /// </summary>
    public static (Option<int> Workers, Option<int> Threads) Workers(string description)
    {
        var workers = new Option<int>("--workers", "-j")
        {
            Description = $"{description} 0: every core (in a Slurm task, its CPUs); at most {MaxWorkers}. Results do not depend on it.",
            DefaultValueFactory = _ => 0,
        };
        var threads = new Option<int>("--threads") { Description = "Old name of --workers.", Hidden = true };
        foreach (var o in new[] { workers, threads })
            o.Validators.Add(r =>
            {
                int v;
                try { v = r.GetValueOrDefault<int>(); }
                catch (InvalidOperationException) { return; } // not a number: the parser reports that itself, in one line
                if (v < 0 || v > MaxWorkers) r.AddError($"{r.Option.Name}: must be 0 (every core) to {MaxWorkers}, got {v}");
            });
        return (workers, threads);
    }

    /// <summary>The worker count asked for (either spelling), 0 replaced by <see cref="DefaultWorkers"/>.</summary>
    public static int GetWorkers(ParseResult r, (Option<int> Workers, Option<int> Threads) o)
    {
        int n = r.GetResult(o.Threads) is { Implicit: false } ? r.GetValue(o.Threads) : r.GetValue(o.Workers);
        return n == 0 ? DefaultWorkers() : n;
    }

    /// <summary>Workers when none are asked for: SLURM_CPUS_PER_TASK inside a Slurm task, else every core.</summary>
    public static int DefaultWorkers() =>
        int.TryParse(Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out int c) && c > 0 ? Math.Min(c, MaxWorkers) : Math.Max(1, Environment.ProcessorCount);

    /// <summary><c>-o/--out PATH</c>: where the command's outputs go (a file or a directory, per command).</summary>
    public static Option<string> Out(string description, bool required)
    {
        var o = new Option<string>("--out", "-o") { Description = description, Required = required };
        NotEmpty(o);
        return o;
    }

    /// <summary>An old spelling of an option, still accepted but not listed in --help (e.g. compile's <c>--output</c>).</summary>
    public static Option<string> OldName(string name, string now) =>
        NotEmpty(new Option<string>(name) { Description = $"Old name of {now}.", Hidden = true });

    /// <summary>
    /// <c>--json [FILE]</c>: write the command's JSON to FILE, or to standard output when FILE is '-' or left out.
    /// Read it with <see cref="GetJson"/>: null when not asked for, "-" for standard output.
    /// </summary>
    public static Option<string?> Json(string what)
    {
        var o = new Option<string?>("--json")
        {
            Description = $"Write {what} as JSON to FILE ('-' or no FILE: standard output).",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "FILE",
        };
        return o;
    }

    /// <summary>Null when --json was not given, "-" for standard output, else the file.</summary>
    public static string? GetJson(ParseResult r, Option<string?> json)
    {
        if (r.GetResult(json) is not { Implicit: false } result) return null;
        string? v = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (v is null || v == "-") return "-";
        if (string.IsNullOrWhiteSpace(v)) throw new InputException(null, 0, 0, "--json", "an empty path was given where an output file was expected");
        return v;
    }

    /// <summary>A limit on an integer option, checked while parsing.</summary>
    public static Option<T> Range<T>(this Option<T> o, T min, T max) where T : struct, IComparable<T>
    {
        o.Validators.Add(r =>
        {
            T v;
            try { v = r.GetValueOrDefault<T>(); }
            catch (InvalidOperationException) { return; } // not a number: the parser reports that itself, in one line
            if (v.CompareTo(min) < 0 || v.CompareTo(max) > 0) r.AddError($"{r.Option.Name}: must be {min:N0} to {max:N0}, got {v:N0}");
        });
        return o;
    }

    /// <summary>Refuses an empty string (an empty path, say) while parsing.</summary>
    public static T NotEmpty<T>(T o) where T : Option
    {
        o.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && string.IsNullOrWhiteSpace(r.Tokens[0].Value)) r.AddError($"{r.Option.Name}: an empty value was given");
        });
        return o;
    }

    /// <summary>Refuses any of <paramref name="options"/> the user gave without <paramref name="switchName"/> (the caller
    /// checks that it is absent): "--partition: only with --slurm".</summary>
    public static void OnlyWith(ParseResult r, string switchName, params Option[] options)
    {
        foreach (var o in options)
            if (Given(r, o) && !(o is Option<bool> flag && !r.GetValue(flag)))
                throw new InputException(null, 0, 0, o.Name, $"only with {switchName}");
    }

    /// <summary>True when the user gave <paramref name="o"/> on the command line (not its default).</summary>
    public static bool Given(ParseResult r, Option o) => r.GetResult(o) is { Implicit: false };
}
