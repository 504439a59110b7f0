using CimSim.Workloads.Compilation;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class TraceFormatTests
{
    private static byte[] Bytes(NetworkTrace t)
    {
        using var ms = new MemoryStream();
        TraceWriter.Write(t, ms);
        return ms.ToArray();
    }

    private static readonly Lazy<byte[]> Sample = new(() =>
        Bytes(Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(), new CompileOptions { Seed = 7, Architecture = "test-chip" })));

    private static NetworkTrace Read(byte[] b) => TraceReader.Read(new MemoryStream(b), "sample.trace");

    [Test]
    public void Crc32CMatchesItsCheckValue()
    {
        Assert.That(Crc32C.Compute("123456789"u8), Is.EqualTo(0xE3069283u));
        Assert.That(Crc32C.Compute([]), Is.EqualTo(0u));
    }

    [Test]
    public void RoundTripsEveryField()
    {
        var original = Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(), new CompileOptions
        {
            Seed = 7, Architecture = "test-chip", Readouts = new Dictionary<string, LayerReadout> { ["dw"] = new(ReadoutKind.Adc, 4, 0) },
        });
        Assert.That(original.Layers.Count(l => l.Readout is not null), Is.EqualTo(1));
        var back = Read(Bytes(original));
        Assert.That(back.Network, Is.EqualTo("tiny"));
        Assert.That(back.Architecture, Is.EqualTo("test-chip"));
        Assert.That(back.Seed, Is.EqualTo(7UL));
        Assert.That(back.Target, Is.EqualTo(original.Target));
        Assert.That(back.Producer, Is.EqualTo(Compiler.Producer));
        Assert.That(back.Layers, Has.Count.EqualTo(original.Layers.Count));
        for (int i = 0; i < back.Layers.Count; i++)
        {
            LayerTrace a = original.Layers[i], b = back.Layers[i];
            Assert.That((b.Name, b.Op, b.Input, b.Output, b.KernelSize, b.Stride, b.Padding, b.Relu, b.Macs, b.Weights, b.WeightBits, b.InputBits),
                Is.EqualTo((a.Name, a.Op, a.Input, a.Output, a.KernelSize, a.Stride, a.Padding, a.Relu, a.Macs, a.Weights, a.WeightBits, a.InputBits)));
            Assert.That(b.Sources, Is.EqualTo(a.Sources));
            Assert.That(b.Counts, Is.EqualTo(a.Counts));
            Assert.That(b.SqnrDb, Is.EqualTo(a.SqnrDb));
            Assert.That(b.NonZeroPerRead, Is.EqualTo(a.NonZeroPerRead));
            Assert.That(b.ReadoutsByDrivenRows, Is.EqualTo(a.ReadoutsByDrivenRows));
            Assert.That(b.ReadoutsByDrivenRows is null, Is.EqualTo(a.Mapping is null), "crossbar layers carry the histogram");
            Assert.That(b.Readout, Is.EqualTo(a.Readout));
            if (a.Mapping is { } m)
            {
                var n = b.Mapping!;
                Assert.That(n with { RowsInBlock = m.RowsInBlock, ColumnsInBlock = m.ColumnsInBlock, ReadoutColumnsInBlock = m.ReadoutColumnsInBlock }, Is.EqualTo(m));
                Assert.That((n.RowsInBlock, n.ColumnsInBlock, n.ReadoutColumnsInBlock), Is.EqualTo((m.RowsInBlock, m.ColumnsInBlock, m.ReadoutColumnsInBlock)));
                Assert.That(n.DiagonalChannels, Is.EqualTo(m.DiagonalChannels));
            }
            else Assert.That(b.Mapping, Is.Null);
        }
        Assert.That(Bytes(back), Is.EqualTo(Bytes(original)), "re-writing what was read gives the same bytes");
    }

    /// <summary>Traces hand-edited by a prober, their checksums recomputed (tests/data/traces): 0 replicas divided by zero
    /// in the replay, a first tile past the chip indexed out of its tiles.</summary>
    [TestCase("edited-replicas0.trace", "layer 0 (byte 183): mapping has 0 replicas; a crossbar layer has at least one")]
    [TestCase("edited-first-tile-1000.trace", "layer 7 ('head'): mapped on tiles 1000..1000")]
    public void AnEditedTraceThatDoesNotFitTheChipIsOneLine(string file, string expected)
    {
        string path = Path.Combine(CimSim.Tests.Architecture.RepoFiles.Root, "tests", "data", "traces", file);
        var r = CimSim.Tests.Cli.CliHarness.Run("run", "--arch", CimSim.Tests.Architecture.RepoFiles.Architecture("adc7.yaml"), "--trace", path, "-q");
        Assert.That(r.Code, Is.EqualTo(2), r.Err);
        Assert.That(r.ErrLines, Has.Length.EqualTo(1), r.Err);
        Assert.That(r.ErrLines[0], Does.Contain(expected));
    }

    [Test]
    public void SameSeedGivesTheSameBytesWhateverTheThreadCount()
    {
        var net = TestNetworks.Tiny();
        byte[] Make(ulong seed, int threads) => Bytes(Compiler.Compile(net, TestNetworks.Chip(), new CompileOptions { Seed = seed, MaxThreads = threads }));
        Assert.That(Make(3, 1), Is.EqualTo(Make(3, 2)));
        Assert.That(Make(3, 2), Is.Not.EqualTo(Make(4, 2)));
    }

    [Test]
    public void StreamingReaderYieldsLayersOneByOneAndChecksTheEnd()
    {
        var bytes = Sample.Value;
        var reader = TraceReader.Open(new MemoryStream(bytes), "sample.trace");
        Assert.That(reader.Header.LayerCount, Is.EqualTo(8));
        int n = 0;
        foreach (var l in reader.Layers())
        {
            Assert.That(l.Index, Is.EqualTo(n++));
            Assert.That(reader.Complete, Is.False);
        }
        Assert.That(reader.Complete, Is.True);
    }

    [Test]
    public void EveryTruncationIsAnInputErrorNamingTheFile()
    {
        var bytes = Sample.Value;
        var cuts = Enumerable.Range(0, 64).Concat(Enumerable.Range(0, 200).Select(i => (int)((long)i * bytes.Length / 200)))
            .Concat(Enumerable.Range(bytes.Length - 40, 40)).Distinct();
        foreach (int cut in cuts)
        {
            var e = Assert.Throws<InputException>(() => Read(bytes[..cut]), $"cut at {cut}");
            Assert.That(e!.File, Is.EqualTo("sample.trace"));
            Assert.That(e.Message, Does.Contain("truncated").Or.Contain("bad magic"), $"cut at {cut}");
            Assert.That(e.Message, Does.Match(@"\(byte \d+\)|bad magic"), $"cut at {cut}: names the offset");
        }
    }

    [Test]
    public void EveryBitFlipIsDetected()
    {
        var bytes = Sample.Value;
        var positions = Enumerable.Range(0, 80).Concat(Enumerable.Range(0, 400).Select(i => (int)((long)i * (bytes.Length - 1) / 399))).Distinct();
        foreach (int pos in positions)
        {
            var bad = (byte[])bytes.Clone();
            bad[pos] ^= (byte)(1 << (pos % 8));
            var e = Assert.Throws<InputException>(() => Read(bad), $"flip at byte {pos}");
            Assert.That(e!.File, Is.EqualTo("sample.trace"));
            Assert.That(e.Message, Does.Contain("corrupted").Or.Contain("magic").Or.Contain("version").Or.Contain("truncated"), $"flip at byte {pos}: {e.Message}");
        }
    }

    [Test]
    public void ACorruptLayerIsReportedWhenReachedWithItsSection()
    {
        var bytes = (byte[])Sample.Value.Clone();
        bytes[^40] ^= 0x10; // inside the last layer's payload
        var reader = TraceReader.Open(new MemoryStream(bytes), "sample.trace");
        var seen = new List<int>();
        var e = Assert.Throws<InputException>(() => { foreach (var l in reader.Layers()) seen.Add(l.Index); });
        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 7)));
        Assert.That(e!.Message, Does.StartWith("sample.trace: layer 7 (byte "));
    }

    [Test]
    public void NewerVersionsAndTrailingBytesAreRefused()
    {
        var newer = (byte[])Sample.Value.Clone();
        newer[8] = 2;
        Assert.That(Assert.Throws<InputException>(() => Read(newer))!.Message, Does.Contain($"version 2.{TraceFormat.MinorVersion}"));
        var longer = Sample.Value.Concat(new byte[] { 0 }).ToArray();
        Assert.That(Assert.Throws<InputException>(() => Read(longer))!.Message, Does.Contain("after the end"));
    }

    /// <summary>Re-assembles a trace from its preamble and section payloads, recomputing every checksum.</summary>
    private static byte[] Rebuild(byte[] preamble, IEnumerable<(byte Tag, byte[] Payload)> sections)
    {
        var file = new List<byte>(preamble);
        foreach (var (tag, payload) in sections)
        {
            var p = payload;
            if (tag == TraceFormat.EndTag)
            {
                p = (byte[])payload.Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(p.Length - 4), Crc32C.Compute(file.ToArray()));
            }
            var head = new byte[12];
            head[0] = tag;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(4), p.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), Crc32C.Compute(head.AsSpan(0, 8)));
            file.AddRange(head);
            file.AddRange(p);
            file.AddRange(BitConverter.GetBytes(Crc32C.Compute(p)));
        }
        return file.ToArray();
    }

    private static List<(byte Tag, byte[] Payload)> Sections(byte[] file)
    {
        var list = new List<(byte, byte[])>();
        for (int at = TraceFormat.PreambleBytes; at < file.Length;)
        {
            int n = BitConverter.ToInt32(file, at + 4);
            list.Add((file[at], file[(at + 12)..(at + 12 + n)]));
            at += 12 + n + 4;
        }
        return list;
    }

    [Test]
    public void ANewerMinorVersionMayAppendFieldsAnOlderOneMayNot()
    {
        var bytes = Sample.Value;
        var grown = Sections(bytes).Select(s => (s.Tag, s.Tag == TraceFormat.EndTag ? s.Payload : [.. s.Payload, 0x2A])).ToList();
        var preamble = bytes[..TraceFormat.PreambleBytes];
        var sameMinor = Rebuild(preamble, grown);
        Assert.That(Assert.Throws<InputException>(() => Read(sameMinor))!.Message, Does.Contain("unexpected bytes after the header"));
        preamble[10] = TraceFormat.MinorVersion + 1;
        var newer = Read(Rebuild(preamble, grown));
        Assert.That(newer.Layers.Select(l => l.Counts), Is.EqualTo(Read(bytes).Layers.Select(l => l.Counts)));
        Assert.That(Read(Rebuild(bytes[..TraceFormat.PreambleBytes], Sections(bytes))), Is.Not.Null, "re-assembly itself is faithful");
    }

    [Test]
    public void TheAdcRangeTravelsInTheHeaderAndAMinorOneTraceReadsAsUnit()
    {
        // A calibrated 3-bit ADC changes the readout (SQNR, clipping) but not the reads: the header says which range made it.
        var unit = Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(ReadoutKind.Adc, adcBits: 3), new CompileOptions { Seed = 7 });
        var calibrated = Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(ReadoutKind.Adc, adcBits: 3) with { AdcRange = AdcRange.Calibrated },
            new CompileOptions { Seed = 7 });
        var back = Read(Bytes(calibrated));
        Assert.That(back.Target.AdcRange, Is.EqualTo(AdcRange.Calibrated));
        Assert.That(back.Target, Is.Not.EqualTo(unit.Target), "a trace of one range is not a trace of the other chip");
        Assert.That(calibrated.Layers.Select(l => l.Counts.CrossbarReads), Is.EqualTo(unit.Layers.Select(l => l.Counts.CrossbarReads)));
        Assert.That(calibrated.Layers.Select(l => l.SqnrDb), Is.Not.EqualTo(unit.Layers.Select(l => l.SqnrDb)));

        // The same trace as minor version 1 wrote it: no range field at the end of the header.
        var bytes = Bytes(unit);
        var sections = Sections(bytes);
        var header = sections[0].Payload;
        Assert.That(header[^1], Is.EqualTo((byte)0), "unit range is the header's last byte (zigzag 0)");
        sections[0] = (sections[0].Tag, header[..^1]);
        var preamble = bytes[..TraceFormat.PreambleBytes];
        preamble[10] = 1;
        var old = Read(Rebuild(preamble, sections));
        Assert.That(old.Target, Is.EqualTo(unit.Target));
    }

    [Test]
    public void BinaryStreamsCompressToAFewBytesPerCrossbar()
    {
        byte[] Make(ReadoutKind r) => Bytes(Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(r), new CompileOptions()));
        var binary = Compiler.Compile(TestNetworks.Tiny(), TestNetworks.Chip(ReadoutKind.Binary), new CompileOptions());
        int crossbars = binary.Layers.Where(l => l.Mapping is not null).Sum(l => l.Mapping!.RowBlocks * l.Mapping.ColumnBlocks);
        long reads = binary.Layers.Where(l => l.Mapping is not null).Sum(l => l.Counts.CrossbarReads);
        // Binary counts are constant per crossbar: one run each, against one byte or more per read for ternary.
        Assert.That(Make(ReadoutKind.Binary).Length - Make(ReadoutKind.Adc).Length, Is.LessThan(8 * crossbars + 64));
        Assert.That(Make(ReadoutKind.Ternary).Length - Make(ReadoutKind.Adc).Length, Is.GreaterThan(reads / 2));
    }
}
