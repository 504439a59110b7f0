using System.Text.Json;
using CimSim.Cli;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary><c>cimsim arch</c> honours per-layer readouts (<c>layers:</c>): its area is run's area, to the last bit.</summary>
public class ArchLayersTests
{
    private const string Searched = "vgg16:channels=128,128,256,64,64,256,512,64,256,512,512,128,128:input_bits=4,5,4,4,4,4,4,4,4,4,4,4,4";

    [Test]
    public void ArchAreaEqualsRunsAreaForAChipWithPerLayerReadouts()
    {
        var chip = RepoFiles.Architecture("xpert-vgg16-searched.yaml");
        var dir = Directory.CreateTempSubdirectory("cimsim-arch-");
        try
        {
            var report = Path.Combine(dir.FullName, "r.json");
            Assert.That(Program.Run(["run", "--arch", chip, "--network", Searched, "--json", report, "--quiet"], TextWriter.Null, TextWriter.Null), Is.Zero);
            var output = new StringWriter();
            var err = new StringWriter();
            Assert.That(Program.Run(["arch", chip, "--network", Searched, "--json"], output, err), Is.Zero, err.ToString());
            double arch = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("total_area_mm2").GetDouble();
            double run = JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("totals").GetProperty("area_mm2").GetDouble();
            Assert.That(arch, Is.EqualTo(run));
            Assert.That(arch, Is.GreaterThan(170), "the per-layer flash ADCs are counted (158.6 mm² without them)");
        }
        finally { dir.Delete(true); }
    }

    [Test]
    public void WithoutANetworkItSaysWhatIsMissingInOneLine()
    {
        var err = new StringWriter();
        int code = Program.Run(["arch", RepoFiles.Architecture("xpert-vgg16-searched.yaml")], TextWriter.Null, err);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err.ToString(), Does.Contain("--network").And.Contain("layers"));
        Assert.That(err.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }
}
