using System.Text.Json;
using CimSim.Tests.Cli;
using NUnit.Framework;

namespace CimSim.Tests.Networks;

/// <summary>The net, compile and trace commands, run in-process.</summary>
public class NetworkCommandsTests
{
    [Test]
    public void NetPrintsLayersAndTotals()
    {
        var (code, output, _) = CliHarness.Run("net", "vgg16", "--dataset", "cifar10");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("conv13+relu").And.Contain("512x2x2"));
        Assert.That(output, Does.Contain("total: 313,201,664 MACs"), "313,196,544 in the convolutions + 5,120 in the classifier");
        var bad = CliHarness.Run("net", "vgg17");
        Assert.That(bad.Code, Is.EqualTo(2));
        Assert.That(bad.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void CompileWritesATraceThatTraceInfoSummarises()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cimsim-cli-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        string trace = Path.Combine(dir, "r20.trace");
        try
        {
            var (code, output, err) = CliHarness.Run("compile", "--arch", RepoPaths.Of("architectures", "hcim.yaml"), "--network", "resnet20",
                "--dataset", "cifar10", "--seed", "5", "-o", trace);
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("compiled resnet20 (cifar10) for hcim").And.Contain("40,551,040 MACs"));
            Assert.That(CliHarness.Run("compile", "--arch", RepoPaths.Of("architectures", "hcim.yaml"), "--network", "resnet20", "-o", trace).Err,
                Does.Contain("exists; pass --force"));

            var info = CliHarness.Run("trace", "info", trace, "--json");
            Assert.That(info.Code, Is.Zero, info.Err);
            using var doc = JsonDocument.Parse(info.Out);
            var totals = doc.RootElement.GetProperty("totals");
            Assert.That(doc.RootElement.GetProperty("schema").GetString(), Is.EqualTo("cimsim.trace/1"));
            Assert.That(totals.GetProperty("macs").GetInt64(), Is.EqualTo(40_551_040));
            Assert.That(totals.GetProperty("comparator_decisions").GetInt64(), Is.GreaterThan(totals.GetProperty("nonzero_outputs").GetInt64()));
            Assert.That(doc.RootElement.GetProperty("seed").GetUInt64(), Is.EqualTo(5UL));
            Assert.That(CliHarness.Run("trace", "info", trace).Out, Does.Contain("totals: 40,551,040 MACs"));

            var bytes = File.ReadAllBytes(trace);
            File.WriteAllBytes(trace, bytes[..(bytes.Length / 2)]);
            var cut = CliHarness.Run("trace", "info", trace);
            Assert.That(cut.Code, Is.EqualTo(2));
            Assert.That(cut.Err, Does.StartWith($"cimsim: error: {trace}: layer ").And.Contain("truncated"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
