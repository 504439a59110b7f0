using CimSim.Workloads.Json;

namespace CimSim.Search.Sweep;

/// <summary>
/// <c>DIR/sweep.json</c> of a Slurm sweep: which spec (absolute path and fingerprint), how many shards, and the
/// Slurm jobs submitted for it. <c>collect</c> and <c>--resume</c> start from it.
/// </summary>
public sealed record SweepManifest
{
    /// <summary>Schema tag.</summary>
    public const string Schema = "cimsim.sweep-manifest/1";
    /// <summary>The manifest's file name in the sweep directory.</summary>
    public const string FileName = "sweep.json";

    /// <summary>Absolute path of the spec file.</summary>
    public required string Spec { get; init; }
    /// <summary>The spec's fingerprint when the sweep was written.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>Points of the sweep.</summary>
    public required int Points { get; init; }
    /// <summary>Shards (array tasks).</summary>
    public required int Shards { get; init; }
    /// <summary>Slurm job ids submitted for this sweep, with the array indices each ran.</summary>
    public IReadOnlyList<(string JobId, string Array)> Jobs { get; init; } = [];

    /// <summary>The manifest's path in <paramref name="dir"/>.</summary>
    public static string PathIn(string dir) => Path.Combine(dir, FileName);

    /// <summary>Writes the manifest (to a temporary name, then renamed).</summary>
    public void Write(string dir)
    {
        string path = PathIn(dir), tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonText.Document(new ManifestDocument(Schema, Spec, Fingerprint, Points, Shards,
            [.. Jobs.Select(j => new ManifestJob(j.JobId, j.Array))]), SweepJsonContext.Default.ManifestDocument));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads <c>DIR/sweep.json</c>; an <see cref="InputException"/> when it is missing or not a manifest.</summary>
    public static SweepManifest Read(string dir)
    {
        string path = PathIn(dir);
        if (!File.Exists(path))
            throw new InputException(null, 0, 0, null, $"'{dir}' is not a Slurm sweep directory ({FileName} missing; it is written by cimsim sweep SPEC --out DIR --slurm)");
        var m = JsonText.ReadFile(path, Schema, "sweep manifest", "", SweepJsonContext.Default.ManifestDocument);
        if (m.Shards < 1 || m.Points < 1)
            throw new InputException(path, 0, 0, m.Shards < 1 ? "shards" : "points",
                $"{m.Shards} shards for {m.Points} points; a sweep has at least one of each (an edited manifest?)");
        return new SweepManifest
        {
            Spec = m.Spec, Fingerprint = m.Fingerprint, Points = m.Points, Shards = m.Shards, Jobs = [.. m.Jobs.Select(j => (j.Id, j.Array))],
        };
    }

    /// <summary>Loads the manifest's spec and checks it is the one the sweep was written for.</summary>
    public SweepSpec LoadSpec()
    {
        var spec = SweepSpecLoader.LoadFile(Spec);
        if (spec.Fingerprint != Fingerprint || spec.Points.Count != Points)
            throw new InputException(Spec, 0, 0, null,
                $"the spec (or its base chip) changed since the sweep was submitted (fingerprint {spec.Fingerprint}, the sweep's {Fingerprint}); run it again in a new directory or with --force");
        return spec;
    }
}

/// <summary><c>sweep.json</c> as it is written.</summary>
internal sealed record ManifestDocument(string Schema, string Spec, string Fingerprint, int Points, int Shards, IReadOnlyList<ManifestJob> Jobs);

/// <summary>A Slurm job of the sweep and the array indices it ran.</summary>
internal sealed record ManifestJob(string Id, string Array);
