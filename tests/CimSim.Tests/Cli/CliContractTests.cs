using System.Text;
using System.Text.Json;
using CimSim.Cli;
using CimSim.Cli.Printing;
using CimSim.Tests.Architecture;
using CimSim.Tests.Search;
using CimSim.Workloads.Yaml;
using NUnit.Framework;
using static CimSim.Tests.Cli.CliHarness;

namespace CimSim.Tests.Cli;

/// <summary>
/// Issue 11, classes 1 (silently ignored options), 3 (unbounded sizes), 4 (output sets), 5 (exit codes) and 8
/// (consistent flags, saying where output went), and the console's contract (issue 10 item 5): plain,
/// deterministic tables with engineering units.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class CliContractTests
{
    private string _dir = "";

    [SetUp] public void SetUp() => _dir = TempDir();
    [TearDown] public void TearDown() => Remove(_dir);

    private static string SampleTrace => Path.Combine(RepoFiles.Root, "traces", "resnet20-hcim.trace");

    [TestCase("--network", "vgg16")]
    [TestCase("--dataset", "cifar100")]
    [TestCase("--seed", "7")]
    [TestCase("--replicate", null)]
    public void RunWithATraceRefusesOptionsTheTraceFixes(string option, string? value)
    {
        string[] extra = value is null ? [option] : [option, value];
        var r = Run(["run", "--trace", SampleTrace, .. extra]);
        Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
        Assert.That(r.ErrLines, Is.EqualTo(new[] { $"cimsim: error: {option}: cannot be used with --trace: the trace fixes the network, dataset, seed and replication ('cimsim trace info {SampleTrace}' shows them)" }));
        Assert.That(r.Out, Is.Empty);
    }

    [Test]
    public void RunWithATraceAloneStillWorks()
    {
        var r = Run("run", "--arch", Chip(), "--trace", SampleTrace, "--json", "-");
        Assert.That(r.Code, Is.Zero, r.Err);
        using var doc = JsonDocument.Parse(r.Out); // --json with no file: the report alone on standard output
        Assert.That(doc.RootElement.GetProperty("network").GetString(), Is.EqualTo("resnet20"));
    }

    [TestCase("bench", "ring", "--nodes", "2000000000")]
    [TestCase("bench", "ring", "--tokens", "0")]
    [TestCase("bench", "ring", "--events", "100000000000000")]
    [TestCase("bench", "evaluations", "--space", "s.yaml", "--designs", "0")]
    [TestCase("compile", "--arch", "a.yaml", "--network", "resnet20", "-o", "x.trace", "--threads", "100000")]
    [TestCase("search", "--space", "s.yaml", "-o", "out", "--threads", "-1")]
    [TestCase("search", "--space", "s.yaml", "-o", "out", "--workers", "5000")]
    public void SizesBeyondTheirLimitsAreRefusedWhileParsing(params string[] args)
    {
        var r = Run(args);
        Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
        Assert.That(r.ErrLines, Has.Length.EqualTo(1));
        Assert.That(r.ErrLines[0], Does.Match(@"^cimsim: error: --\w+: must be [0-9,]+( \(every core\))? to [0-9,]+, got -?[0-9,]+ \(cimsim --help for usage\)$"));
    }

    [Test]
    public void BenchEvaluationsPrintsOneLineOfItsDesigns()
    {
        var r = Run("bench", "evaluations", "--space", RepoFiles.Architecture(Path.Combine("search", "xpert-vgg16-cifar10.yaml")), "--designs", "2");
        Assert.That(r.Code, Is.Zero, r.Err);
        Assert.That(r.Out, Does.Match(@"^evaluations space=xpert-vgg16-cifar10 designs=2 seconds=[0-9.]+ designs_per_s=[0-9.]+ ms_per_design=[0-9.]+ cpu_seconds=[0-9.]+\n$"));
        var bad = Run("bench", "evaluations", "--space", RepoFiles.Architecture("hcim.yaml"));
        Assert.That((bad.Code, bad.ErrLines.Length), Is.EqualTo((Program.UserError, 1)), bad.Err);
        Assert.That(bad.Out, Is.Empty);
    }

    [Test]
    public void TheChipsErrorComesFirstThoughTheNetworkLoadsBesideIt()
    {
        // run loads a named network while it reads the chip's YAML; what the user sees is as if one followed the other.
        string missing = Path.Combine(_dir, "missing.yaml");
        foreach (var (args, expected) in new[]
        {
            (new[] { "run", "--arch", missing, "--network", "nosuchnet" }, $"{missing}: file not found"),
            (new[] { "run", "--arch", Chip(), "--network", "nosuchnet" }, "--network: unknown network 'nosuchnet'"),
            (new[] { "run", "--arch", Chip(), "--network", "vgg8", "--weights", Path.Combine(_dir, "nodir") }, "--weights: directory not found"),
        })
        {
            var r = Run(args);
            Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
            Assert.That(r.ErrLines, Has.Length.EqualTo(1), r.Err);
            Assert.That(r.ErrLines[0], Does.Contain(expected));
        }
    }

    [Test]
    public void ALayersEntryNamingNoLayerOfTheNetworkIsOneLineAtIt()
    {
        // run and compile said "readouts: 'conv99' is not a crossbar layer of resnet20", without the chip file or line.
        string chip = Path.Combine(_dir, "l99.yaml");
        File.WriteAllText(chip, File.ReadAllText(RepoFiles.Architecture("hcim.yaml"))
            + "\nlayers:\n  - { layer: conv99, readout: { kind: adc, adc: { type: sar, bits: 7, column_sharing: 8 } } }\n");
        int line = File.ReadAllLines(chip).Length;
        foreach (var args in new[] { new[] { "run", "--arch", chip, "--network", "resnet20", "-q" },
                     ["compile", "--arch", chip, "--network", "resnet20", "-o", Path.Combine(_dir, "l99.trace")] })
        {
            var r = Run(args);
            Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
            Assert.That(r.ErrLines, Is.EqualTo(new[] { $"cimsim: error: {chip}:{line}: layers.layer: 'conv99' is not a crossbar layer of resnet20" }), args[0]);
        }
        Assert.That(File.Exists(Path.Combine(_dir, "l99.trace")), Is.False);
    }

    [Test]
    public void ABadInputImageOrTooFewTilesIsTheOnlyLineRunPrints()
    {
        // run printed "compiling vgg8 for …" before finding either: the compile's checks now come before its note.
        string image = Path.Combine(_dir, "small.npy");
        CimSim.Tests.Search.FakeTrainer.WriteNpy(image, new float[3 * 16 * 16], [3, 16, 16]);
        // An auto-sized chip's sizing note waits for the checks too.
        foreach (var chip in new[] { "neurosim-vgg8-22nm.yaml", "xpert-vgg16-baseline.yaml" })
        {
            var r = Run("run", "--arch", RepoFiles.Architecture(chip), "--network", "vgg8", "--input", image, "--no-accuracy");
            Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
            Assert.That(r.ErrLines, Has.Length.EqualTo(1), r.Err);
            Assert.That(r.ErrLines[0], Does.StartWith($"cimsim: error: {image}: the network input is 3x32x32"));
        }
        string small = Path.Combine(_dir, "two-tiles.yaml");
        File.WriteAllText(small, File.ReadAllText(RepoFiles.Architecture("xpert-vgg16-baseline.yaml")).Replace("\n  tiles: 128 ", "\n  tiles: 2 "));
        var t = Run("run", "--arch", small, "--network", "vgg8", "--no-accuracy");
        Assert.That(t.Code, Is.EqualTo(Program.UserError), t.Err);
        Assert.That(t.ErrLines, Has.Length.EqualTo(1), t.Err);
        Assert.That(t.ErrLines[0], Does.Contain("vgg8 needs 103 tiles"));
    }

    [Test]
    public void ImagesForANetworkWithoutTrainedWeightsIsRefusedNotIgnored()
    {
        foreach (var args in new[] { new[] { "run", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", "vgg8", "--images", "5", "-q" },
                     ["compare", RepoFiles.Architecture("adc7.yaml"), RepoFiles.Architecture("adc4.yaml"), "--network", "vgg8", "--images", "5", "-o", Path.Combine(_dir, "cmp5")] })
        {
            var r = Run(args);
            Assert.That((r.Code, r.Err), Is.EqualTo((2, "cimsim: error: --images: accuracy is measured for a trained network only (a model directory or .onnx); this one has no trained weights\n")), args[0]);
        }
        Assert.That(Directory.Exists(Path.Combine(_dir, "cmp5")), Is.False);
    }

    /// <summary>An unknown --dataset lists every name run and compile take (network inputs and data sets), and compile, like run,
    /// takes a data set's path for the input shape.</summary>
    [Test]
    public void AnUnknownDatasetListsEveryKnownNameAndCompileTakesADataPath()
    {
        foreach (var command in new[] { "run", "compile" })
        {
            var r = Run([command, "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", "resnet20", "--dataset", "bogus", "-q",
                .. command == "compile" ? new[] { "-o", Path.Combine(_dir, "b.trace") } : ["--no-accuracy"]]);
            Assert.That((r.Code, r.ErrLines.Length), Is.EqualTo((2, 1)), r.Err);
            Assert.That(r.ErrLines[0], Does.Contain("'bogus' is neither a dataset name (cifar10").And.Contain("fashion-mnist-1k"), command);
        }
        string images = Path.Combine(_dir, "images.npy");
        CimSim.Tests.Search.FakeTrainer.WriteNpy(images, new float[2 * 1 * 28 * 28], [2, 1, 28, 28]); // Fashion-MNIST's shape
        string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }";
        header = header.PadRight(64 - 11) + "\n"; // magic, version and length (10 bytes) + header: a multiple of 64
        File.WriteAllBytes(Path.Combine(_dir, "labels.npy"), [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header), 3, 9]);
        var c = Run("compile", "--arch", RepoFiles.Architecture("adc7.yaml"), "--network", "vgg8:channels=8,8,8,8,8,8", "--dataset", images, "-q", "-o", Path.Combine(_dir, "d.trace"));
        Assert.That(c.Code, Is.Zero, c.Err);
    }

    [Test]
    public void CompareRefusesNetworksOfDifferentInputs()
    {
        // A CIFAR-10 and a Tiny-ImageNet VGG8 were compared, ratios and all.
        var r = Run("compare", RepoFiles.Architecture("adc7.yaml"), RepoFiles.Architecture("adc4.yaml"), "--network", "vgg8", "--network", "vgg8:channels=8,8,8,8,8,8",
            "--dataset", "tinyimagenet", "-o", Path.Combine(_dir, "cmpds"));
        Assert.That(r.Code, Is.EqualTo(0), "one dataset for both: the same input"); // control: the check looks at inputs, not names
        string net = Path.Combine(_dir, "n64.yaml");
        File.WriteAllText(net, "name: n64\ninput: [3, 64, 64]\nlayers:\n  - {type: conv, out_channels: 8, kernel: 3, padding: 1}\n  - {type: global_avgpool}\n  - {type: fc, out_features: 10}\n");
        r = Run("compare", RepoFiles.Architecture("adc7.yaml"), RepoFiles.Architecture("adc4.yaml"), "--network", "vgg8", "--network", net, "-o", Path.Combine(_dir, "cmpds2"));
        Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
        Assert.That(r.ErrLines, Has.Length.EqualTo(1), r.Err);
        Assert.That(r.ErrLines[0], Does.Contain("compare runs one workload; the networks take different inputs"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "cmpds2")), Is.False);
    }

    [Test]
    public void YamlNestedTooDeepIsOneLineNotAStackOverflow()
    {
        // 100,000 levels overflowed the recursive YAML reader's stack (exit 134); the limit is checked by streaming.
        string deep = Path.Combine(_dir, "deep.yaml");
        File.WriteAllText(deep, "name: x\nlayers: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        foreach (var args in new[] { new[] { "run", "--arch", deep }, ["net", deep], ["search", "--space", deep, "-o", Path.Combine(_dir, "o")] })
        {
            var r = Run(args);
            Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
            Assert.That(r.ErrLines, Is.EqualTo(new[] { $"cimsim: error: {deep}:2:{8 + YamlText.MaxDepth}: nested more than {YamlText.MaxDepth} levels deep; not a file CimSim reads" }));
        }
    }

    [Test]
    public void CompareRefusesNetworksWithOtherLayersBeforeWritingAnything()
    {
        string outDir = Path.Combine(_dir, "cmp");
        var r = Run("compare", Chip(), Chip("adc7.yaml"), "--network", "resnet20", "--network", "vgg8", "-o", outDir);
        Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err);
        Assert.That(r.ErrLines, Has.Length.EqualTo(1));
        Assert.That(r.ErrLines[0], Does.Contain("--network: 'vgg8' has other layers than 'resnet20'"));
        Assert.That(Directory.Exists(outDir), Is.False);
        // Nothing was written, so the same command with a fitting network needs no --force.
        r = Run("compare", Chip(), Chip("adc7.yaml"), "--network", "resnet20", "-o", outDir);
        Assert.That(r.Code, Is.Zero, r.Err);
        Assert.That(r.Out, Does.Contain("advantage over hcim").And.Contain("leakage"));
        Assert.That(r.Err, Does.Contain($"cimsim: wrote {outDir}/: compare.json, compare.csv"));
    }

    [Test]
    public void AnOutputSetIsWrittenCompletelyOrNotAtAll()
    {
        // The third file fails as a full disk does: no file of the set may appear, no temporary file may stay.
        int opened = 0;
        var files = new List<(string, Action<Stream>)>();
        foreach (var n in new[] { "a.json", "b.csv", "c.svg", "d.csv" })
            files.Add((Path.Combine(_dir, "set", n), s => s.Write(Encoding.UTF8.GetBytes(new string('x', 1000)))));
        Stream Open(string temp)
        {
            var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            return ++opened == 3 ? new FailingStream(fs) : fs;
        }
        var e = Assert.Throws<InputException>(() => OutputFiles.WriteAll(files, false, "--out", Open))!;
        Assert.That(e.Message, Is.EqualTo($"--out: cannot write '{Path.Combine(_dir, "set", "c.svg")}': No space left on device; nothing was written"));
        Assert.That(Snapshot(_dir), Is.Empty, "nothing written, and the directory it created removed");
        OutputFiles.WriteAll(files, false, "--out", Open); // opened is past 3: succeeds
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "set")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a.json", "b.csv", "c.svg", "d.csv" }));
    }

    private sealed class FailingStream(Stream inner) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("No space left on device : '/x'");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("No space left on device : '/x'");
        public override void Flush() => inner.Flush();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Test]
    public void ASearchWithNoFeasibleDesignExitsThreeAndWritesNoBestChip()
    {
        // An area target of 1 mm² cannot be met by any VGG-16 design on this chip.
        string space = SearchFixtures.WriteTinySpace(SearchFixtures.DefaultBody.Replace("target: 36", "target: 1"));
        string dir = Path.Combine(Path.GetDirectoryName(space)!, "out");
        try
        {
            var r = Run("search", "--space", space, "-o", dir, "--threads", "2");
            Assert.That(r.Code, Is.EqualTo(Program.NoFeasibleDesign), r.Err + r.Out);
            var errors = r.ErrLines.Where(l => l.StartsWith("cimsim: error:", StringComparison.Ordinal)).ToList();
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.StartWith("cimsim: error: no feasible design in search space 'tiny'").And.Contain("no best.yaml written"));
            Assert.That(File.Exists(Path.Combine(dir, "best.yaml")), Is.False);
            Assert.That(File.Exists(Path.Combine(dir, "best.json")), Is.False);
            Assert.That(File.Exists(Path.Combine(dir, "summary.txt")), Is.True);
            Assert.That(File.Exists(Path.Combine(dir, "results.jsonl")), Is.True, "the evaluations are kept");
            Assert.That(r.Out, Does.Not.Contain("re-run the best design"));
            // No ratios for a design that is not a result, on the console or in summary.txt; the summary says why first.
            string summary = File.ReadAllText(Path.Combine(dir, "summary.txt"));
            foreach (var text in new[] { r.Out, summary })
            {
                Assert.That(text, Does.Not.Contain("× better").And.Not.Contain("against the reference"));
                Assert.That(text, Does.StartWith("NO FEASIBLE DESIGN: none of the"));
                Assert.That(text, Does.Contain("least infeasible design: "));
            }
        }
        finally { Remove(Path.GetDirectoryName(space)!); }
    }

    [Test]
    public void RunPrintsDynamicEnergyAndLeakageApartInEngineeringUnits()
    {
        var r = Run("run", "--arch", Chip(), "--quiet");
        Assert.That(r.Out, Is.Empty, "--quiet: no summary");
        string json = Path.Combine(_dir, "r.json");
        r = Run("run", "--arch", Chip(), "--json", json);
        Assert.That(r.Code, Is.Zero, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        double total = doc.RootElement.GetProperty("totals").GetProperty("energy_pj").GetDouble();
        double leakage = doc.RootElement.GetProperty("energy_pj").GetProperty("leakage").GetDouble();
        var lines = r.Out.Split('\n');
        string Row(string name) => lines.First(l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));
        Assert.That(Row("energy"), Does.Contain(Units.EnergyPj(total)));
        Assert.That(Row("dynamic"), Does.Contain($"{Units.EnergyPj(total - leakage)} ({Units.Percent((total - leakage) / total)})"));
        Assert.That(Row("leakage"), Does.Contain($"{Units.EnergyPj(leakage)} ({Units.Percent(leakage / total)})"));
        Assert.That(Row("EDAP"), Does.EndWith("J·s·mm²").IgnoreCase.Or.Contain("J·s·mm²"));
        // Plain and deterministic: no control codes, no exponent notation, the same text twice.
        Assert.That(r.Out, Does.Not.Contain("\u001b"));
        Assert.That(r.Out, Does.Not.Match(@"\d[eE][+-]?\d"));
        Assert.That(Run("run", "--arch", Chip()).Out, Is.EqualTo(r.Out));
        Assert.That(r.Err, Does.Contain("cimsim: compiling resnet20 for hcim"));
    }

    [Test]
    public void TheOldWorkersAndOutputSpellingsStillWork()
    {
        string trace = Path.Combine(_dir, "t.trace");
        var r = Run("compile", "--arch", Chip(), "--network", "resnet20", "--output", trace, "--workers", "1");
        Assert.That(r.Code, Is.Zero, r.Err);
        Assert.That(File.Exists(trace));
        r = Run("trace", "info", trace, "--json", Path.Combine(_dir, "t.json"));
        Assert.That(r.Code, Is.Zero, r.Err);
        Assert.That(r.Out, Is.Empty, "--json FILE writes the file, as in every command");
        Assert.That(r.Err, Does.Contain($"cimsim: wrote {Path.Combine(_dir, "t.json")}"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "t.json")));
        Assert.That(doc.RootElement.GetProperty("schema").GetString(), Is.EqualTo("cimsim.trace/1"));
    }

    [TestCase(1.136e-6, "J", "1.136 µJ")]
    [TestCase(1.136e13 * 1e-21, "J·s·mm²", "11.36 nJ·s·mm²")]
    [TestCase(999.96e-9, "s", "1.000 µs")]
    [TestCase(45.6e-9, "s", "45.60 ns")]
    [TestCase(0.0, "J", "0 J")]
    [TestCase(-2.5e3, "W", "-2.500 kW")]
    [TestCase(123456.0, "B", "123.5 kB")]
    public void EngineeringNotation(double value, string unit, string expected) =>
        Assert.That(Units.Eng(value, unit), Is.EqualTo(expected));

    [TestCase(0.01774, "0.01774")]
    [TestCase(9523.8, "9524")]
    [TestCase(2.5e7, "25.00 M")]
    [TestCase(32.6195, "32.62")]
    public void PlainNumbersHaveFourSignificantDigitsAndNoExponent(double value, string expected) =>
        Assert.That(Units.Plain(value), Is.EqualTo(expected));
}
