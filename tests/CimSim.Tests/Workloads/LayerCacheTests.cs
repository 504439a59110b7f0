using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class LayerCacheTests
{
    /// <summary>TestNetworks.Tiny with chosen widths: crossbar layers c1, dw, c2, fc (a residual add reads c2 and dw).</summary>
    private static Network Net(int c1 = 8, int c2 = 16) => Network.Build("tiny", "custom", new TensorShape(3, 12, 12),
    [
        new LayerSpec("c1", LayerOp.Conv) { OutChannels = c1, KernelSize = 3, Padding = 1, Relu = true },
        new LayerSpec("dw", LayerOp.DepthwiseConv) { KernelSize = 3, Padding = 1, Relu = true },
        new LayerSpec("pool", LayerOp.MaxPool) { KernelSize = 2, Stride = 2 },
        new LayerSpec("c2", LayerOp.Conv) { OutChannels = c2, KernelSize = 3, Padding = 1 },
        new LayerSpec("add", LayerOp.ResidualAdd) { Inputs = ["c2", "dw"], Relu = true },
        new LayerSpec("avg", LayerOp.AvgPool) { KernelSize = 2, Stride = 2 },
        new LayerSpec("gap", LayerOp.GlobalAvgPool),
        new LayerSpec("fc", LayerOp.FullyConnected) { OutChannels = 10 },
    ]);

    private static readonly MappingTarget AdcChip = TestNetworks.Chip(ReadoutKind.Adc, adcBits: 6);

    private static byte[] Bytes(NetworkTrace t)
    {
        using var ms = new MemoryStream();
        TraceWriter.Write(t, ms);
        return ms.ToArray();
    }

    /// <summary>Compiles with <paramref name="cache"/>, checks the trace against a compile without it, and returns the layers served from the cache.</summary>
    private static int CompileBoth(LayerCache cache, Network net, MappingTarget chip, CompileOptions o)
    {
        var stats = new CompileStatistics();
        var cached = Compiler.Compile(net, chip, o with { LayerCache = cache }, stats);
        var fresh = Compiler.Compile(net, chip, o);
        Assert.That(Bytes(cached), Is.EqualTo(Bytes(fresh)));
        return stats.CachedLayers;
    }

    private static Dictionary<string, int> Bits(string layer, int bits) => new() { [layer] = bits };
    private static Dictionary<string, LayerReadout> Adc(string layer, int bits) => new() { [layer] = new LayerReadout(ReadoutKind.Adc, bits, 0) };

    [Test]
    public void OnlyWhatALayerDependsOnInvalidatesIt()
    {
        var cache = new LayerCache();
        var o = new CompileOptions();
        Assert.That(CompileBoth(cache, Net(), AdcChip, o), Is.Zero, "a cold cache");
        Assert.That(CompileBoth(cache, Net(), AdcChip, o), Is.EqualTo(4), "the same network again");
        Assert.That(CompileBoth(cache, Net(), AdcChip, o with { Readouts = Adc("c2", 3) }), Is.EqualTo(3), "c2's ADC bits: c2 alone recomputes");
        Assert.That(CompileBoth(cache, Net(), AdcChip, o with { Readouts = Adc("c2", 3) }), Is.EqualTo(4));
        Assert.That(CompileBoth(cache, Net(), AdcChip, o with { InputBits = Bits("dw", 2) }), Is.EqualTo(1), "dw's input bits: dw and everything after");
        Assert.That(CompileBoth(cache, Net(), AdcChip, o with { InputBits = Bits("fc", 3) }), Is.EqualTo(3), "the last layer's input bits");
        Assert.That(CompileBoth(cache, Net(c2: 24), AdcChip, o), Is.EqualTo(2), "c2's channels: c1 and dw still hit");
        Assert.That(CompileBoth(cache, Net(c1: 12), AdcChip, o), Is.Zero, "c1's channels: every later layer changes");
        Assert.That(CompileBoth(cache, Net(), AdcChip, o with { Seed = 2 }), Is.Zero, "another seed");
        Assert.That(CompileBoth(cache, Net(), AdcChip with { AdcBits = 5 }, o with { Readouts = Adc("c2", 3) }), Is.EqualTo(1), "the chip's ADC bits: only c2 keeps its own");
        Assert.That(CompileBoth(cache, Net(), AdcChip with { Tiles = 40 }, o), Is.EqualTo(4), "the chip's tile count is not read");
        Assert.That(CompileBoth(cache, Net(), AdcChip with { CrossbarRows = 32 }, o), Is.Zero, "crossbar size");
        Assert.That(CompileBoth(cache, Net(), AdcChip with { DacBits = 2 }, o), Is.Zero, "DAC bits");
        Assert.That(CompileBoth(cache, Net(), AdcChip with { AdcRange = AdcRange.Calibrated }, o), Is.Zero, "the ADC's range changes every readout");
        Assert.That(cache.Hits, Is.EqualTo(4 + 3 + 4 + 1 + 3 + 2 + 1 + 4));
    }

    [Test]
    public void RandomWeightsAndTheirPlanesAreBuiltOncePerShapeBitsSeedAndMapping()
    {
        // Per crossbar layer the cache holds a readout, an activation set, the quantized weights and their bit planes;
        // every compile below is checked against a compile without the cache (CompileBoth).
        var cache = new LayerCache();
        var o = new CompileOptions();
        CompileBoth(cache, Net(), AdcChip, o);
        Assert.That(cache.Count, Is.EqualTo(4 * 4));
        CompileBoth(cache, Net(), AdcChip, o with { InputBits = Bits("c1", 3) });
        Assert.That(cache.Count, Is.EqualTo(16 + 4 * 2), "c1's input bits: new readouts and activations everywhere, the same weights and planes");
        CompileBoth(cache, Net(), AdcChip, o with { Seed = 2 });
        Assert.That(cache.Count, Is.EqualTo(24 + 4 * 4), "another seed: other weights, other planes");
        CompileBoth(cache, Net(c2: 24), AdcChip, o);
        Assert.That(cache.Count, Is.EqualTo(40 + 2 * 4), "c2's channels: c2 and fc (which reads them) anew");
        CompileBoth(cache, Net(), AdcChip with { CrossbarRows = 32 }, o);
        Assert.That(cache.Count, Is.EqualTo(48 + 4 * 2 + 2),
            "another crossbar size: new readouts and activations, the same weights; new planes for dw and c2 only (c1's 27 and fc's 16 rows lie alike in 32-row crossbars)");
        // c2's 72 rows in two row blocks either way, 64 + 8 and 48 + 24: the planes must not be taken for each other.
        CompileBoth(cache, Net(), AdcChip with { CrossbarRows = 64 }, o);
        CompileBoth(cache, Net(), AdcChip with { CrossbarRows = 48 }, o);
    }

    [Test]
    public void EveryReadoutSchemeAndReplicationGiveTheSameTraces()
    {
        var cache = new LayerCache();
        foreach (var r in Enum.GetValues<ReadoutKind>())
            foreach (var s in Enum.GetValues<SignedWeightScheme>())
                foreach (bool replicate in new[] { false, true })
                {
                    var chip = TestNetworks.Chip(r, s);
                    var o = new CompileOptions { Replicate = replicate };
                    CompileBoth(cache, Net(), chip, o);
                    Assert.That(CompileBoth(cache, Net(), chip, o), Is.EqualTo(4), $"{r} {s} replicate={replicate}");
                }
    }

    [Test]
    public void APerLayerReadoutOfAnotherKindIsKeptApart()
    {
        var cache = new LayerCache();
        var chip = TestNetworks.Chip(ReadoutKind.Ternary);
        var o = new CompileOptions();
        CompileBoth(cache, Net(), chip, o);
        var binary = o with { Readouts = new Dictionary<string, LayerReadout> { ["c2"] = new(ReadoutKind.Binary, 0, 8) } };
        Assert.That(CompileBoth(cache, Net(), chip, binary), Is.EqualTo(3));
        var coarse = o with { Readouts = new Dictionary<string, LayerReadout> { ["c2"] = new(ReadoutKind.Ternary, 0, 4) } };
        Assert.That(CompileBoth(cache, Net(), chip, coarse), Is.EqualTo(3), "scale-factor bits");
    }

    [Test]
    public void WeightFilesAreKeyedByTheirContent()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-cache-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var rng = new Random(3);
        void Write(int scale) => File.WriteAllBytes(Path.Combine(dir, "fc.npy"), NpyFiles.Float32([10, 16],
            Enumerable.Range(0, 160).Select(_ => (float)(scale * (rng.NextDouble() - 0.5))).ToArray()));
        var cache = new LayerCache();
        var o = new CompileOptions { WeightsDirectory = dir };
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "c1.npy"), NpyFiles.Float32([8, 3, 3, 3], R(216)));
        File.WriteAllBytes(Path.Combine(dir, "dw.npy"), NpyFiles.Float32([8, 1, 3, 3], R(72)));
        File.WriteAllBytes(Path.Combine(dir, "c2.npy"), NpyFiles.Float32([16, 8, 3, 3], R(1152)));
        Write(1);
        CompileBoth(cache, Net(), AdcChip, o);
        Assert.That(CompileBoth(cache, Net(), AdcChip, o), Is.EqualTo(4));
        Write(2);
        Assert.That(CompileBoth(cache, Net(), AdcChip, o), Is.EqualTo(3), "a new fc.npy");
    }

    [Test]
    public void AFullCacheEvictsAndStaysExact()
    {
        var cache = new LayerCache(maxBytes: 8_000);
        for (int round = 0; round < 2; round++)
            foreach (int bits in new[] { 2, 3, 4 })
                CompileBoth(cache, Net(), AdcChip, new CompileOptions { InputBits = Bits("c1", bits) });
        Assert.That(cache.Evictions, Is.GreaterThan(0));
        Assert.That(cache.Bytes, Is.LessThanOrEqualTo(8_000));
        var none = new LayerCache(maxBytes: 0);
        Assert.That(CompileBoth(none, Net(), AdcChip, new CompileOptions()), Is.Zero);
        Assert.That(CompileBoth(none, Net(), AdcChip, new CompileOptions()), Is.Zero, "nothing fits in 0 bytes");
    }

    [Test]
    public void ConcurrentCompilesSharingACacheGiveTheSameTraces()
    {
        var variants = new List<(Network Net, CompileOptions Options)>();
        foreach (int c2 in new[] { 16, 24 })
            foreach (int adc in new[] { 3, 4, 5 })
                foreach (int bits in new[] { 2, 4 })
                    variants.Add((Net(c2: c2), new CompileOptions { Readouts = Adc("c2", adc), InputBits = Bits("c2", bits), MaxThreads = 1 }));
        var expected = variants.Select(v => Bytes(Compiler.Compile(v.Net, AdcChip, v.Options))).ToArray();
        var cache = new LayerCache();
        var got = new byte[variants.Count * 3][];
        Parallel.For(0, got.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var v = variants[i % variants.Count];
            got[i] = Bytes(Compiler.Compile(v.Net, AdcChip, v.Options with { LayerCache = cache }));
        });
        for (int i = 0; i < got.Length; i++) Assert.That(got[i], Is.EqualTo(expected[i % variants.Count]), $"variant {i}");
        Assert.That(cache.Hits, Is.GreaterThan(0));
    }
}
