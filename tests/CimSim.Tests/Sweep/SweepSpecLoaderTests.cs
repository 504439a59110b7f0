using CimSim.Search.Sweep;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Sweep;

public class SweepSpecLoaderTests
{
    private static SweepSpec Load(string body, string file = "spec.yaml") => SweepSpecLoader.LoadText(SweepFixtures.SpecYaml(body), file);

    [Test]
    public void TheProductRunsTheFirstFieldSlowestAndRangesExpand()
    {
        var spec = Load("""
            vary:
              readout.adc.bits: [5, 4]
              readout.adc.column_sharing: { from: 2, to: 16, times: 2 }
            """);
        Assert.That(spec.Fields, Is.EqualTo(new[] { "readout.adc.bits", "readout.adc.column_sharing" }));
        Assert.That(spec.Points.Select(p => p.Label), Is.EqualTo(new[] { 5, 4 }.SelectMany(b => new[] { 2, 4, 8, 16 }
            .Select(c => $"readout.adc.bits={b} readout.adc.column_sharing={c}"))));
        Assert.That(spec.Points.Select(p => p.Index), Is.EqualTo(Enumerable.Range(0, 8)));
        Assert.That(spec.Points.Select(p => (p.Chip.AdcBits, p.Chip.ColumnSharing)),
            Is.EqualTo(new[] { 5, 4 }.SelectMany(b => new[] { 2, 4, 8, 16 }.Select(c => (b, c)))));
        Assert.That(spec.Points.Select(p => p.Fingerprint).Distinct().Count(), Is.EqualTo(8));
        Assert.That(spec.Figures, Is.EqualTo(SweepFigure.Default));
    }

    [Test]
    public void DecimalRangesAreExactAndExplicitPointsFollowTheProduct()
    {
        var spec = Load("""
            vary:
              crossbar.read_time_ns: { from: 0.5, to: 1.0, step: 0.25 }
            points:
              - { readout.adc.bits: 6 }
              - { crossbar.read_time_ns: 2, readout.adc.bits: 5 }
            """);
        Assert.That(spec.Points.Select(p => p.Label), Is.EqualTo(new[]
        {
            "crossbar.read_time_ns=0.5", "crossbar.read_time_ns=0.75", "crossbar.read_time_ns=1",
            "readout.adc.bits=6", "crossbar.read_time_ns=2 readout.adc.bits=5",
        }));
        Assert.That(spec.Points[1].Chip.CrossbarReadTimeNs, Is.EqualTo(0.75));
        // A field an explicit point leaves out keeps the base chip's value.
        Assert.That(spec.Points[3].Chip.CrossbarReadTimeNs, Is.EqualTo(spec.BaseChip.CrossbarReadTimeNs));
        Assert.That(spec.Points[3].Chip.AdcBits, Is.EqualTo(6));
    }

    [Test]
    public void APointsChipIsTheChipFileWithThatFieldChanged()
    {
        // Independent of the YAML editing: the chip file edited as text by hand.
        string text = File.ReadAllText(RepoFiles.Architecture("adc7.yaml"));
        Assert.That(text, Does.Contain("bits: 7 "));
        var byHand = CimSim.Simulator.Architecture.ArchitectureLoader.LoadText(text.Replace("bits: 7 ", "bits: 5 "), "hand.yaml");
        var point = Load("vary:\n  readout.adc.bits: [5]\n").Points[0].Chip;
        Assert.That(point with { FileName = "", Overrides = byHand.Overrides, Models = byHand.Models, LayerPeripherals = byHand.LayerPeripherals },
            Is.EqualTo(byHand with { FileName = "" }));
    }

    [TestCase("readout.adc.bits: [4, 0]", "readout.adc.bits", "vary.readout.adc.bits")]
    [TestCase("readout.adc.column_sharing: [4, 3]", "readout.adc.column_sharing", "vary.readout.adc.column_sharing")]
    [TestCase("readout.adc.bitz: [4]", "readout.adc.bitz", "vary.readout.adc.bitz")]
    [TestCase("hierarchy.tiles: [4, -1]", "hierarchy.tiles", "vary.hierarchy.tiles")]
    [TestCase("readout.adc.type: [sar, flashy]", "readout.adc.type", "vary.readout.adc.type")]
    public void ABadChipFieldValueNamesTheSpecFileLineAndField(string vary, string key, string field)
    {
        string body = "vary:\n  " + vary + "\n";
        var e = Assert.Throws<InputException>(() => Load(body, "my-sweep.yaml"))!;
        Assert.That(e.File, Is.EqualTo("my-sweep.yaml"));
        Assert.That(e.Line, Is.EqualTo(SweepFixtures.LineOf(SweepFixtures.SpecYaml(body), key)));
        Assert.That(e.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [TestCase("vary:\n  readout.adc.bits: { from: 4, to: 2 }\n", "step 1 does not go from 4 to 2")]
    [TestCase("vary:\n  readout.adc.bits: [4, 4]\n", "listed twice")]
    [TestCase("vary:\n  readout.adc.bits: { from: 1, to: 1000000000 }\n", "more than 100000 values")] // refused before it fills the memory
    [TestCase("vary:\n  readout.adc.column_sharing: { from: 1, to: 1e20, times: 1.0001 }\n", "more than 100000 values")]
    [TestCase("vary:\n  readout.adc.bits: [7]\n  seed: [1]\npoints:\n  - { readout.adc.bits: 7 }\n", "same as point 0")]
    [TestCase("figures: [energy, accuracy]\n", "needs a trained model directory")]
    [TestCase("vary:\n  name: [a]\n", "cannot be varied")]
    [TestCase("vary:\n  network: [vgg8, nonet]\n", "nonet")]
    public void OtherMistakesAreOneLineErrors(string body, string reason)
    {
        var e = Assert.Throws<InputException>(() => Load(body))!;
        Assert.That(e.File, Is.EqualTo("spec.yaml"));
        Assert.That(e.Line, Is.GreaterThan(0));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [Test]
    public void AnEmptyNameIsAnError()
    {
        var e = Assert.Throws<InputException>(() => SweepSpecLoader.LoadText(SweepFixtures.SpecYaml("vary:\n  readout.adc.bits: [4]\n").Replace("name: tiny-sweep", "name: \"  \""), "s.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("name", 1)), e.Message);
    }

    [Test]
    public void TheCliRefusesABadValueWithExitTwoBeforeAnyPointRuns()
    {
        string spec = SweepFixtures.WriteSpec("vary:\n  readout.adc.bits: [4, 99]\n");
        string dir = Path.Combine(Path.GetDirectoryName(spec)!, "out");
        var (code, output, err) = SweepFixtures.Cli("sweep", spec, "--out", dir);
        Assert.That(code, Is.EqualTo(2), output + err);
        var lines = err.Trim().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.StartWith($"cimsim: error: {spec}:{SweepFixtures.LineOf(File.ReadAllText(spec), "99")}:"));
        Assert.That(lines[0], Does.Contain("vary.readout.adc.bits: 99"));
        Assert.That(Directory.Exists(dir), Is.False, "nothing is written");
    }
}
