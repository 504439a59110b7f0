using CimSim.Cli;
using CimSim.Tests.Architecture;

namespace CimSim.Tests.Sweep;

/// <summary>Small sweep specs (a narrow VGG8 on HCiM's 7-bit ADC chip: a point takes tens of milliseconds) and the CLI.</summary>
internal static class SweepFixtures
{
    public const string Network = "vgg8:channels=8,8,8,8,8,8";

    /// <summary>ADC bits 4–7 × column sharing 4, 8: eight points.</summary>
    public const string EightPoints = """
        vary:
          readout.adc.bits: { from: 4, to: 7 }
          readout.adc.column_sharing: [4, 8]
        figures: [energy, latency, area, edap]
        """;

    public static string SpecYaml(string body) => $"""
        name: tiny-sweep
        base:
          chip: {RepoFiles.Architecture("adc7.yaml")}
          network: {Network}
        """ + "\n" + body + "\n";

    /// <summary>A fresh temporary directory (its name has a space and a quote, to exercise quoting).</summary>
    public static string TempDir(string tag = "")
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-sweep-tests", Guid.NewGuid().ToString("N")[..8] + tag);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes the spec into a fresh directory; returns its path.</summary>
    public static string WriteSpec(string body = EightPoints, string? dir = null)
    {
        dir ??= TempDir();
        string path = Path.Combine(dir, "sweep.yaml");
        File.WriteAllText(path, SpecYaml(body));
        return path;
    }

    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>Line (1-based) of the first line of <paramref name="yaml"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;
}
