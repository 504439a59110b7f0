using System.Text.Json;
using CimSim.Cli;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

/// <summary>
/// Every shipped chip × zoo network report stays number for number what it was when the golden files were
/// written (<c>tools/update-golden-reports.sh</c>, run only for a deliberate model change). Keys may be added to
/// the report; none of the golden numbers may change or vanish.
/// </summary>
public class GoldenReportTests
{
    private static string GoldenDir => Path.Combine(RepoFiles.Root, "tests", "data", "golden-reports");

    public static IEnumerable<TestCaseData> Goldens() =>
        Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "tests", "data", "golden-reports"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileNameWithoutExtension(f)).SetArgDisplayNames(Path.GetFileNameWithoutExtension(f)));

    [TestCaseSource(nameof(Goldens))]
    public void ReportEqualsTheGolden(string name)
    {
        var args = new List<string>();
        var b = name;
        if (b.EndsWith("-pipelined", StringComparison.Ordinal)) { b = b[..^"-pipelined".Length]; args.AddRange(["--schedule", "pipelined"]); }
        if (b.EndsWith("-replicate", StringComparison.Ordinal)) { b = b[..^"-replicate".Length]; args.Add("--replicate"); }
        var chip = b[..b.LastIndexOf('-')];
        var net = b[(b.LastIndexOf('-') + 1)..];
        var dir = Directory.CreateTempSubdirectory("cimsim-golden-");
        try
        {
            var json = Path.Combine(dir.FullName, "r.json");
            var err = new StringWriter();
            int code = Program.Run(["run", "--arch", RepoFiles.Architecture(chip + ".yaml"), "--network", net, .. args, "--json", json, "--quiet"],
                TextWriter.Null, err);
            Assert.That(code, Is.Zero, err.ToString());
            using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDir, name + ".json")));
            using var actual = JsonDocument.Parse(File.ReadAllText(json));
            var differences = new List<string>();
            Compare(golden.RootElement, actual.RootElement, "$", differences);
            Assert.That(differences, Is.Empty, string.Join("\n", differences.Take(20)));
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Every value of <paramref name="golden"/> is in <paramref name="actual"/>, equal to the last bit.</summary>
    private static void Compare(JsonElement golden, JsonElement actual, string path, List<string> differences)
    {
        switch (golden.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object) { differences.Add($"{path}: not an object"); return; }
                foreach (var p in golden.EnumerateObject())
                {
                    if (actual.TryGetProperty(p.Name, out var a)) Compare(p.Value, a, $"{path}.{p.Name}", differences);
                    else differences.Add($"{path}.{p.Name}: missing");
                }
                return;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != golden.GetArrayLength())
                { differences.Add($"{path}: array length differs"); return; }
                for (int i = 0; i < golden.GetArrayLength(); i++) Compare(golden[i], actual[i], $"{path}[{i}]", differences);
                return;
            case JsonValueKind.Number:
                if (actual.ValueKind != JsonValueKind.Number || golden.GetDouble() != actual.GetDouble())
                    differences.Add($"{path}: {golden.GetRawText()} → {actual.GetRawText()}");
                return;
            default:
                if (golden.GetRawText() != actual.GetRawText()) differences.Add($"{path}: {golden.GetRawText()} → {actual.GetRawText()}");
                return;
        }
    }
}
