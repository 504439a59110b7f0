using CimSim.Simulator.Architecture;
using CimSim.Search.Space;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Mapping;
using NUnit.Framework;

namespace CimSim.Tests.Search;

public class SearchSpaceLoaderTests
{
    [Test]
    public void TheXPertSpaceLoadsAsPublished()
    {
        var s = SearchSpaceLoader.LoadFile(Path.Combine(RepoFiles.Root, "architectures", "search", "xpert-vgg16-cifar10.yaml"));
        Assert.That(s.Layers.Select(l => l.Name), Is.EqualTo(Enumerable.Range(1, 13).Select(i => $"conv{i}")));
        foreach (var l in s.Layers)
        {
            Assert.That(l.Knobs.Channels, Is.EqualTo(new[] { 64, 128, 256, 512 }));
            Assert.That(l.Knobs.AdcTypes, Is.EquivalentTo(new[] { AdcType.Flash, AdcType.Sar }));
            Assert.That(l.Knobs.ColumnSharing, Is.EqualTo(new[] { 2, 4, 8, 16, 32 }));
            Assert.That(l.Knobs.InputBits, Is.EqualTo(new[] { 4, 5 }));
            Assert.That(l.Knobs.Readouts, Is.EqualTo(new[] { ReadoutKind.Adc }));
        }
        Assert.That(s.Constraints.AreaTargetMm2, Is.EqualTo(50));
        Assert.That(s.Constraints.AreaTolerance, Is.EqualTo(0.05));
        Assert.That(s.Dataset.Name, Is.EqualTo("cifar10"));
        Assert.That(s.Phase1Size, Is.EqualTo(Math.Pow(4 * 10, 13)).Within(1e-6).Percent);
    }

    [Test]
    public void DefaultsComeFromTheBaseChipAndNetwork()
    {
        var s = SearchFixtures.TinySpace("layers: [conv2]\n");
        var l = s.Layers.Single();
        Assert.That(l.Knobs.Channels, Is.EqualTo(new[] { 16 }));
        Assert.That(l.Base, Is.EqualTo(LayerChoice.Adc(16, AdcType.Sar, 5, 8, 8)));
        Assert.That(s.Objective.Kind, Is.EqualTo(ObjectiveKind.Latency));
        Assert.That(s.Budget.Optimizers, Is.EqualTo(new[] { SearchBudget.LagrangianDp, SearchBudget.Evolution }));
    }

    [Test]
    public void PerLayerKnobsOverrideTheShared()
    {
        var s = SearchFixtures.TinySpace("""
            layers: [conv1, conv2]
            knobs: { channels: [8, 16], column_sharing: [4, 8] }
            layer_knobs:
              conv2: { channels: [32] }
            """);
        Assert.That(s.Layers[0].Knobs.Channels, Is.EqualTo(new[] { 8, 16 }));
        Assert.That(s.Layers[1].Knobs.Channels, Is.EqualTo(new[] { 32 }));
        Assert.That(s.Layers[1].Knobs.ColumnSharing, Is.EqualTo(new[] { 4, 8 }));
    }

    // Each case: the broken body, the field the message must name, and the line it must point at (1-based, in the whole file; the header is 5 lines).
    private static IEnumerable<TestCaseData> Broken()
    {
        yield return new TestCaseData("knobs:\n  channels: [8, x]\n", "knobs.channels", 7).SetName("not an integer");
        yield return new TestCaseData("knobs:\n  channels: [8, 8]\n", "knobs.channels", 7).SetName("listed twice");
        yield return new TestCaseData("knobs:\n  column_sharing: [3]\n", "knobs.column_sharing", 7).SetName("sharing must divide the columns");
        yield return new TestCaseData("knobs:\n  adc_type: [sar, delta]\n", "knobs.adc_type", 7).SetName("unknown ADC type");
        yield return new TestCaseData("knobs:\n  readout: [adc, ternary]\n", "knobs.readout", 7).SetName("comparators need a scale-factor unit");
        yield return new TestCaseData("knobs:\n  colour: [red]\n", "knobs.colour", 7).SetName("unknown knob");
        yield return new TestCaseData("layers: [conv1, pool1]\n", "layers", 6).SetName("not a conv layer");
        yield return new TestCaseData("layers: [conv1]\nlayer_knobs:\n  conv9: { channels: [8] }\n", "layer_knobs.conv9", 8).SetName("layer not searched");
        yield return new TestCaseData("objective:\n  minimize: speed\n", "objective.minimize", 7).SetName("unknown objective");
        // A missing field of a mapping is reported at the mapping's key ("objective:"), as chips and networks report it.
        yield return new TestCaseData("objective:\n  minimize: mix\n", "objective.weights", 6).SetName("mix needs weights");
        yield return new TestCaseData("constraints:\n  area_mm2: { target: -3 }\n", "constraints.area_mm2.target", 7).SetName("negative area");
        yield return new TestCaseData("constraints:\n  min_capacity: { flops: 1 }\n", "constraints.min_capacity.flops", 7).SetName("unknown capacity");
        yield return new TestCaseData("search:\n  evaluations: 1\n", "search.evaluations", 7).SetName("too small a budget");
        yield return new TestCaseData("search:\n  optimizers: [annealing]\n", "search.optimizers", 7).SetName("unknown optimizer");
        yield return new TestCaseData("knobs: [1, 2]\n", "knobs", 6).SetName("a list where a mapping belongs");
        yield return new TestCaseData("knobs:\n  channels: [8\n", null, 8).SetName("YAML syntax");
    }

    [TestCaseSource(nameof(Broken))]
    public void ErrorsNameFileLineAndField(string body, string? field, int line)
    {
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SearchFixtures.TinySpaceYaml(body), "space.yaml"))!;
        Assert.That(e.File, Is.EqualTo("space.yaml"));
        if (field is not null) Assert.That(e.Field, Is.EqualTo(field), e.Message);
        Assert.That(e.Line, Is.EqualTo(line), e.Message);
        Assert.That(e.Message, Does.StartWith($"space.yaml:{line}:"));
    }

    [Test]
    public void AnEmptyNameIsAnError()
    {
        // It was taken, and best.yaml named its chip "-0db96620".
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SearchFixtures.TinySpaceYaml().Replace("name: tiny", "name: \"\""), "space.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("name", 1)), e.Message);
        Assert.That(e.Reason, Does.Contain("must not be empty"));
    }

    [Test]
    public void BaseSectionErrors()
    {
        string yaml = SearchFixtures.TinySpaceYaml().Replace("network: vgg16:channels", "network: vgg99:channels");
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(yaml, "space.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("base.network", 4)), e.Message);

        yaml = SearchFixtures.TinySpaceYaml().Replace("xpert-vgg16-baseline.yaml", "no-such-chip.yaml");
        e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(yaml, "space.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("base.chip", 3)), e.Message);

        yaml = SearchFixtures.TinySpaceYaml().Replace("network: vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16", "network: resnet20") ;
        e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(yaml, "space.yaml"))!;
        Assert.That(e.Field, Is.EqualTo("layers"), e.Message);
        e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(yaml.Replace("layers: [conv1, conv2, conv3, conv4]", "layers: [conv1]"), "space.yaml"))!;
        Assert.That(e.Field, Is.EqualTo("knobs.channels"), "ResNet widths are not searchable: " + e.Message);
    }

    private static string WithSet(string set) =>
        SearchFixtures.TinySpaceYaml().Replace("  dataset: cifar10\n", "  dataset: cifar10\n  set:\n" + set);

    [Test]
    public void BaseSetChangesTheBaseChipInPlace()
    {
        var s = SearchSpaceLoader.LoadText(WithSet("    crossbar.signed_weights: differential\n    readout.adc.bits: 6\n"), "space.yaml");
        Assert.That(s.BaseChip.SignedWeights, Is.EqualTo(SignedWeightScheme.Differential));
        Assert.That(s.BaseChip.AdcBits, Is.EqualTo(6));
        Assert.That(s.Layers[0].Base.AdcBits, Is.EqualTo(6), "the baseline's choices follow the edited chip");
        string original = File.ReadAllText(RepoFiles.Architecture("xpert-vgg16-baseline.yaml")).Replace("\r\n", "\n");
        var before = original.Split('\n');
        var after = s.BaseChipText.Split('\n');
        Assert.That(after, Has.Length.EqualTo(before.Length), "lines (and so line numbers) are kept");
        var changed = before.Zip(after).Where(p => p.First != p.Second).ToList();
        Assert.That(changed, Has.Count.EqualTo(2));
        Assert.That(changed[0].First, Does.Contain("signed_weights: offset").And.Contain("# 8-bit weights over 8 columns"));
        Assert.That(changed[0].Second, Does.StartWith(changed[0].First[..changed[0].First.IndexOf("offset", StringComparison.Ordinal)] + "differential")
            .And.EndWith("# set by base.set of the search space space.yaml"), "the value is replaced where it stands, its old comment marked");
        Assert.That(string.Join("\n", before.Zip(after).Where(p => p.First == p.Second).Select(p => p.First)), Does.Contain("# REFERENCE §1: 8-bit weights"),
            "every other line and comment stays");
        Assert.That(SearchFixtures.TinySpace().BaseChip.SignedWeights, Is.EqualTo(SignedWeightScheme.Offset), "without base.set the chip is the file's");
    }

    [TestCase("    crossbar.signed_weights: diagonal\n", "base.set.crossbar.signed_weights", 7, TestName = "base.set: a value the chip refuses")]
    [TestCase("    readout.adc.bits: 6\n    crossbar.colour: red\n", "base.set.crossbar.colour", 8, TestName = "base.set: a field the chip file does not have")]
    [TestCase("    crossbar: 4\n", "base.set.crossbar", 7, TestName = "base.set: a section, not a value")]
    [TestCase("    readout.adc.bits: 6\n    hierarchy.tiles: 2\n", "base.set.hierarchy.tiles", 8, TestName = "base.set: too few tiles for the base network")]
    public void BaseSetErrorsPointAtTheSpaceFile(string set, string field, int line)
    {
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(WithSet(set), "space.yaml"))!;
        Assert.That((e.File, e.Field, e.Line), Is.EqualTo(("space.yaml", field, line)), e.Message);
    }

    [Test]
    public void ABaseChipTooSmallForTheBaseNetworkIsReportedAtBaseChipBeforeTheSearch()
    {
        string original = RepoFiles.Architecture("xpert-vgg16-baseline.yaml");
        string chip = Path.Combine(Directory.CreateTempSubdirectory("cimsim-space-").FullName, "small.yaml");
        File.WriteAllText(chip, File.ReadAllText(original).Replace("  tiles: 128 ", "  tiles: 2   "));
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SearchFixtures.TinySpaceYaml().Replace(original, chip), "space.yaml"))!;
        Assert.That((e.File, e.Field, e.Line), Is.EqualTo(("space.yaml", "base.chip", 3)), e.Message);
        Assert.That(e.Reason, Does.Contain("the chip has 2").And.Contain(chip));
    }

    [Test]
    public void ABaseChipClockedByItsSensingPathIsRefusedAtBaseChip()
    {
        // The search varies the ADCs, and with them a sensing-path clock; a base chip must give its clock.
        string original = RepoFiles.Architecture("xpert-vgg16-baseline.yaml");
        string chip = Path.Combine(Directory.CreateTempSubdirectory("cimsim-space-").FullName, "sensing.yaml");
        File.WriteAllText(chip, File.ReadAllText(original).Replace("  clock_ghz: 1.0 ", "  clock: sensing-path ") + "\nmodels:\n  adc: neurosim-v14\n");
        Assert.That(ArchitectureLoader.LoadFile(chip).ClockFromSensingPath, Is.True, "the chip itself is valid");
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SearchFixtures.TinySpaceYaml().Replace(original, chip), "space.yaml"))!;
        Assert.That((e.File, e.Field, e.Line), Is.EqualTo(("space.yaml", "base.chip", 3)), e.Message);
        Assert.That(e.Reason, Does.Contain("technology.clock"));
    }

    [TestCase("neurosim-vgg8-22nm.yaml", "hierarchy.floorplan")]
    [TestCase("xpert-vgg16-searched.yaml", "layers:")]
    public void ABaseChipThatGivesLayersTheirOwnTilesOrPeripheralsIsRefusedAtBaseChip(string file, string why)
    {
        string original = RepoFiles.Architecture("xpert-vgg16-baseline.yaml");
        var e = Assert.Throws<InputException>(() => SearchSpaceLoader.LoadText(SearchFixtures.TinySpaceYaml().Replace(original, RepoFiles.Architecture(file)), "space.yaml"))!;
        Assert.That((e.File, e.Field, e.Line), Is.EqualTo(("space.yaml", "base.chip", 3)), e.Message);
        Assert.That(e.Reason, Does.Contain(why).And.Contain("a search's base chip must not"));
    }
}
