using CimSim.Simulator.Architecture;
using System.Text.Json;
using CimSim.Cli;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

public class ArchCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Test]
    public void AFloorplanChipNeedsANetworkAndThenShowsEachTileKind()
    {
        string file = RepoFiles.Architecture("neurosim-vgg8-22nm.yaml");
        var (code, _, err) = Run("arch", file);
        Assert.That((code, err.TrimEnd().Split('\n').Length), Is.EqualTo((2, 1)), err);
        Assert.That(err, Does.Contain("hierarchy.floorplan").And.Contain("give --network NET"));
        (code, var output, err) = Run("arch", file, "--network", "vgg8");
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("92 tiles").And.Contain("× 4 PEs × 16 crossbars, conv2 on 2 of 9 PEs × 16").And.Contain("= 7968 crossbars"));
    }

    [TestCaseSource(typeof(RepoFiles), nameof(RepoFiles.ShippedChips))]
    public void ArchPrintsBreakdownAndUnitCostTable(string file)
    {
        // A NeuroSim floorplan chip has tiles only for a network.
        var (code, output, err) = ArchitectureLoader.LoadFile(RepoFiles.Architecture(file)).Floorplan == FloorplanKind.None
            ? Run("arch", RepoFiles.Architecture(file)) : Run("arch", RepoFiles.Architecture(file), "--network", "vgg8");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("Area by component class").And.Contain("Unit costs"));
        foreach (var component in new[] { "crossbar", "dac", "accumulator", "pe_buffer", "tile_buffer", "global_buffer", "htree", "mesh", "activation", "pooling", "control" })
            Assert.That(output, Does.Contain($"\n  {component} "), component);
        Assert.That(output, Does.Contain(file.StartsWith("hcim") ? "  comparator " : "  adc "));
    }

    [Test]
    public void ArchJsonAreasSumToTheTotal()
    {
        var (code, output, err) = Run("arch", RepoFiles.Architecture("hcim.yaml"), "--json");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("cimsim.arch/1"));
        double total = root.GetProperty("total_area_mm2").GetDouble();
        double byClass = root.GetProperty("area_mm2").EnumerateObject().Sum(p => p.Value.GetDouble());
        double byComponent = root.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("total_area_mm2").GetDouble());
        Assert.That(byClass, Is.EqualTo(total).Within(1e-9));
        Assert.That(byComponent, Is.EqualTo(total).Within(1e-9));
        var dcim = root.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dcim");
        Assert.That(dcim.GetProperty("columns_per_cycle").GetInt32(), Is.EqualTo(32));
        Assert.That(dcim.GetProperty("actions").GetProperty("accumulate").GetProperty("energy_pj").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void ArchSizesForAModelDirectoryAndRefusesADatasetWithoutANetwork()
    {
        // A model directory was refused as "unknown network" (run takes it), and --dataset without --network was ignored.
        var (code, output, err) = Run("arch", RepoFiles.Architecture("hcim.yaml"), "--network", Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-w3a3"));
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("Area by component class"));
        (code, _, err) = Run("arch", RepoFiles.Architecture("adc7.yaml"), "--dataset", "foo");
        Assert.That((code, err), Is.EqualTo((2, "cimsim: error: --dataset: only with --network\n")));
    }

    [Test]
    public void ValidateReportsEachFileAndFailsWithTwoOnAnyBadOne()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"cimsim-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(bad, File.ReadAllText(RepoFiles.Architecture("adc4.yaml")).Replace("column_sharing: 8", "column_sharing: 6"));
        try
        {
            var good = RepoFiles.Architecture("adc4.yaml");
            var (code, output, err) = Run("validate", good, bad);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { $"ok {good} (tiles: auto, sized per network)" }));
            var errors = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(errors, Has.Length.EqualTo(1), "the bad file's error, on standard error as every command gives one");
            Assert.That(errors[0], Does.StartWith($"cimsim: error: {bad}:").And.Contain("readout.adc.column_sharing"));
            Assert.That(Run("validate", good).Code, Is.EqualTo(0));
        }
        finally { File.Delete(bad); }
    }

    [Test]
    public void ArchOnABadFileExitsTwoWithOneLine()
    {
        var (code, output, err) = Run("arch", "no/such.yaml");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(err.TrimEnd(), Is.EqualTo("cimsim: error: no/such.yaml: file not found"));
    }
}
