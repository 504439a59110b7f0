using System.Text.Json;
using CimSim.Search.Sweep;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Sweep;

public class SweepRunTests
{
    private static string Local(string spec, string dir, int workers = 2)
    {
        var (code, output, err) = SweepFixtures.Cli("sweep", spec, "--out", dir, "--workers", workers.ToString());
        Assert.That(code, Is.EqualTo(0), output + err);
        return File.ReadAllText(Path.Combine(dir, "results.jsonl"));
    }

    [Test]
    public void APointsFiguresAreCimsimRunsOnTheHandEditedChip()
    {
        string spec = SweepFixtures.WriteSpec("vary:\n  readout.adc.bits: [5]\n  readout.adc.column_sharing: [4]\n");
        string dir = Path.GetDirectoryName(spec)!;
        var row = JsonDocument.Parse(Local(spec, Path.Combine(dir, "out")).Trim()).RootElement;
        string chip = Path.Combine(dir, "hand.yaml");
        File.WriteAllText(chip, File.ReadAllText(RepoFiles.Architecture("adc7.yaml")).Replace("bits: 7 ", "bits: 5 ").Replace("column_sharing: 8 ", "column_sharing: 4 "));
        string json = Path.Combine(dir, "run.json");
        var (code, _, err) = SweepFixtures.Cli("run", "--arch", chip, "--network", SweepFixtures.Network, "--json", json, "--quiet");
        Assert.That(code, Is.EqualTo(0), err);
        var totals = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("totals");
        foreach (var k in new[] { "energy_pj", "latency_ns", "area_mm2", "edap_pj_ns_mm2", "tops_per_w", "tops_per_mm2" })
            Assert.That(row.GetProperty(k).GetDouble(), Is.EqualTo(totals.GetProperty(k).GetDouble()), k);
        Assert.That(row.GetProperty("fields").GetProperty("readout.adc.bits").GetInt32(), Is.EqualTo(5));
    }

    [Test]
    public void OneOrTwoWorkersWriteTheSameBytesAndTheTables()
    {
        string spec = SweepFixtures.WriteSpec();
        string dir = Path.GetDirectoryName(spec)!;
        string one = Local(spec, Path.Combine(dir, "one"), 1), two = Local(spec, Path.Combine(dir, "two"), 2);
        Assert.That(two, Is.EqualTo(one));
        var lines = one.TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(8));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("point").GetInt32()), Is.EqualTo(Enumerable.Range(0, 8)));
        foreach (var f in new[] { "sweep.csv", "sweep-energy.svg", "sweep-latency.svg", "sweep-edap.svg" })
            Assert.That(File.ReadAllText(Path.Combine(dir, "two", f)), Is.EqualTo(File.ReadAllText(Path.Combine(dir, "one", f))), f);
        var csv = File.ReadAllLines(Path.Combine(dir, "one", "sweep.csv"));
        Assert.That(csv[0], Is.EqualTo("point,readout.adc.bits,readout.adc.column_sharing,energy_pj,latency_ns,area_mm2,edap_pj_ns_mm2,error"));
        Assert.That(csv, Has.Length.EqualTo(9));
        // More ADC bits cost more energy at the same column sharing; more sharing is slower at the same bits.
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        double E(int bits, int cs) => double.Parse(rows.First(r => r[1] == bits.ToString() && r[2] == cs.ToString())[3], System.Globalization.CultureInfo.InvariantCulture);
        double L(int bits, int cs) => double.Parse(rows.First(r => r[1] == bits.ToString() && r[2] == cs.ToString())[4], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(E(7, 4), Is.GreaterThan(E(4, 4)));
        Assert.That(L(5, 8), Is.GreaterThan(L(5, 4)));
        Assert.That(File.ReadAllText(Path.Combine(dir, "one", "sweep-energy.svg")), Does.Contain("readout.adc.bits").And.Contain("column_sharing=8"));

        // Without --resume or --force an existing results.jsonl is refused.
        var (code, _, err) = SweepFixtures.Cli("sweep", spec, "--out", Path.Combine(dir, "one"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--resume"));
    }

    [Test]
    public void ResumeAfterAKillRunsOnlyTheMissingPointsAndGivesTheSameBytes()
    {
        var spec = SweepSpecLoader.LoadText(SweepFixtures.SpecYaml(SweepFixtures.EightPoints), "s.yaml");
        string dir = SweepFixtures.TempDir();
        string full = Path.Combine(dir, "full.jsonl"), cut = Path.Combine(dir, "cut.jsonl");
        SweepRunner.Run(spec, spec.Points, full, new SweepRunOptions { Workers = 2 });
        string bytes = File.ReadAllText(full);
        var lines = bytes.Split('\n');
        // Three complete lines and half of the fourth, as a kill during a write leaves it.
        File.WriteAllText(cut, string.Join("\n", lines.Take(3)) + "\n" + lines[3][..(lines[3].Length / 2)]);
        var first = new List<int>();
        var all = SweepRunner.Run(spec, spec.Points, cut, new SweepRunOptions { Workers = 2, Resume = true, Progress = (done, _) => first.Add(done) });
        Assert.That(first[0], Is.EqualTo(3), "three points read back, none of them run again");
        Assert.That(first, Is.Ordered.Ascending.And.Unique);
        Assert.That(first[^1], Is.EqualTo(8));
        Assert.That(all, Has.Count.EqualTo(8));
        Assert.That(File.ReadAllText(cut), Is.EqualTo(bytes));

        // A line whose figure no run gives (an edited file: a negative energy crashed the chart) is refused.
        string edited = Path.Combine(dir, "edited.jsonl");
        var energy = System.Text.RegularExpressions.Regex.Match(lines[1], "\"energy_pj\":[0-9.eE+-]+");
        Assert.That(energy.Success, lines[1]);
        File.WriteAllText(edited, lines[0] + "\n" + lines[1].Replace(energy.Value, "\"energy_pj\":-5") + "\n");
        var bad = Assert.Throws<InputException>(() => SweepRunner.Run(spec, spec.Points, edited, new SweepRunOptions { Resume = true }))!;
        Assert.That(bad.Line, Is.EqualTo(2), bad.Message);

        // A file of another sweep is refused.
        var other = SweepSpecLoader.LoadText(SweepFixtures.SpecYaml("vary:\n  readout.adc.bits: [3, 4]\n"), "o.yaml");
        var e = Assert.Throws<InputException>(() => SweepRunner.Run(other, other.Points, full, new SweepRunOptions { Resume = true }))!;
        Assert.That(e.Message, Does.Contain("another sweep"));
    }

    [Test]
    public void ShardsMergeIntoTheLocalBytesAndAKilledShardContinuesItsPartialFile()
    {
        var spec = SweepSpecLoader.LoadText(SweepFixtures.SpecYaml(SweepFixtures.EightPoints), "s.yaml");
        string dir = SweepFixtures.TempDir();
        string local = Path.Combine(dir, "local.jsonl");
        SweepRunner.Run(spec, spec.Points, local, new SweepRunOptions { Workers = 2 });
        for (int i = 0; i < 3; i++) SweepShards.RunShard(spec, dir, i, 3, new SweepRunOptions { Workers = 1 });
        Assert.That(SweepShards.Points(spec, 1, 3).Select(p => p.Index), Is.EqualTo(new[] { 1, 4, 7 }));
        var merged = SweepShards.Merge(spec, dir, 3)!;
        Assert.That(string.Concat(merged.Select(r => r.Json + "\n")), Is.EqualTo(File.ReadAllText(local)));

        // Kill shard 1 after its first point: its file is a .partial with one line (and half of the next).
        string final = SweepShards.FinalPath(dir, 1), partial = SweepShards.PartialPath(dir, 1);
        string shardBytes = File.ReadAllText(final);
        var l = shardBytes.Split('\n');
        File.Delete(final);
        File.WriteAllText(partial, l[0] + "\n" + l[1][..10]);
        Assert.That(SweepShards.Status(spec, dir, 3).Select(s => s.State), Is.EqualTo(new[] { ShardState.Complete, ShardState.Incomplete, ShardState.Complete }));
        Assert.That(SweepShards.Merge(spec, dir, 3), Is.Null);
        var seen = new List<int>();
        SweepShards.RunShard(spec, dir, 1, 3, new SweepRunOptions { Progress = (d, _) => seen.Add(d) });
        Assert.That(seen[0], Is.EqualTo(1), "the stored point is not run again");
        Assert.That(File.ReadAllText(final), Is.EqualTo(shardBytes));
        Assert.That(File.Exists(partial), Is.False);
    }

    [Test]
    public void AccuracyOfATrainedModelIsCimsimAccuracysChipFigureAtEachPoint()
    {
        string dir = SweepFixtures.TempDir();
        string model = CimSim.Tests.Accuracy.TemplateModel.Write(Path.Combine(dir, "model"), "weight_bits: 4\ninput_bits: 4\n");
        File.WriteAllText(Path.Combine(dir, "acc.yaml"), $$"""
            name: acc
            base:
              chip: {{RepoFiles.Architecture("adc7.yaml")}}
              network: model
            vary:
              readout.adc.bits: [3, 7]
            figures: [energy, accuracy]
            accuracy: { dataset: fashion-mnist-1k, images: 100 }
            """);
        var (code, output, err) = SweepFixtures.Cli("sweep", Path.Combine(dir, "acc.yaml"), "--out", Path.Combine(dir, "out"));
        Assert.That(code, Is.EqualTo(0), output + err);
        var rows = File.ReadAllLines(Path.Combine(dir, "out", "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var trained = CimSim.Workloads.Inference.TrainedModel.Load(model);
        var data = CimSim.Workloads.Datasets.DatasetSource.Open("fashion-mnist-1k").Take(100);
        for (int i = 0; i < 2; i++)
        {
            var chip = CimSim.Simulator.Architecture.ArchitectureLoader.LoadText(
                File.ReadAllText(RepoFiles.Architecture("adc7.yaml")).Replace("bits: 7 ", $"bits: {(i == 0 ? 3 : 7)} "), "hand.yaml");
            var direct = CimSim.Workloads.Inference.ChipInference.Run(trained, CimSim.Simulator.Runs.ChipAssembly.SizedFor(chip, trained.Network).ToMappingTarget(), data);
            Assert.That(rows[i].GetProperty("accuracy").GetDouble(), Is.EqualTo(direct.ChipAccuracy), $"point {i}");
            Assert.That(rows[i].GetProperty("accuracy_images").GetInt32(), Is.EqualTo(100));
        }
        Assert.That(rows[0].GetProperty("accuracy").GetDouble(), Is.LessThan(rows[1].GetProperty("accuracy").GetDouble()), "3-bit ADCs lose accuracy");
        Assert.That(File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))[0], Is.EqualTo("point,readout.adc.bits,energy_pj,accuracy,error"));
    }

    [Test]
    public void APointWhoseNetworkDoesNotFitIsAnErrorRowNotAnAbort()
    {
        string spec = SweepFixtures.WriteSpec("vary:\n  hierarchy.tiles: [1, 24]\nfigures: [latency]\n");
        string dir = Path.Combine(Path.GetDirectoryName(spec)!, "out");
        var (code, output, err) = SweepFixtures.Cli("sweep", spec, "--out", dir);
        Assert.That(code, Is.EqualTo(0), output + err);
        var rows = File.ReadAllLines(Path.Combine(dir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(rows[0].TryGetProperty("error", out var e), Is.True);
        Assert.That(e.GetString(), Is.Not.Empty);
        Assert.That(rows[1].GetProperty("latency_ns").GetDouble(), Is.GreaterThan(0));
        Assert.That(output, Does.Contain("1 could not run"));
    }
}
