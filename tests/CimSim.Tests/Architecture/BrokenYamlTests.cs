using CimSim.Simulator.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>Each kind of broken architecture file gets one message naming file, line and field.</summary>
public class BrokenYamlTests
{
    // Line numbers matter: the cases below name the line each error must point at.
    private const string Valid = """
        name: t
        technology:
          node_nm: 22
          clock_ghz: 1.0
        hierarchy:
          tiles: 2
          pes_per_tile: 2
          crossbars_per_pe: 2
        crossbar:
          rows: 128
          columns: 128
          bits_per_cell: 1
          device: sram
          signed_weights: differential
        precision:
          weight_bits: 4
          input_bits: 4
        readout:
          kind: adc
          adc:
            type: sar
            bits: 5
            column_sharing: 8
        buffers:
          pe: { size_bytes: 1024, width_bits: 64 }
          tile: { size_bytes: 4096, width_bits: 128 }
          global: { size_bytes: 8192, width_bits: 128 }
        interconnect:
          htree: { width_bits: 128 }
          mesh: { width_bits: 32 }

        """;

    private const string AdcBlock = "  kind: adc\n  adc:\n    type: sar\n    bits: 5\n    column_sharing: 8\n";
    private const string Append = "<end>";

    private static string Ternary(string sfu) => "  kind: ternary\nscale_factor_unit: " + sfu + "\n";

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(string name, string find, string replace, string field, int line) =>
            new TestCaseData(find, replace, field, line).SetName(name);
        yield return C("AdcBitsZero", "    bits: 5", "    bits: 0", "readout.adc.bits", 22);
        yield return C("AdcBitsTwenty", "    bits: 5", "    bits: 20", "readout.adc.bits", 22);
        yield return C("ColumnSharingNotDividingColumns", "    column_sharing: 8", "    column_sharing: 7", "readout.adc.column_sharing", 23);
        yield return C("UnknownAdcRange", "    column_sharing: 8", "    column_sharing: 8\n    range: auto", "readout.adc.range", 24);
        yield return C("AdcRangeOnALayer", Append, "layers:\n  - layer: conv1\n    readout: { kind: adc, adc: { type: sar, bits: 4, column_sharing: 8, range: full } }\n",
            "layers[0].readout.adc.range", 33);
        yield return C("AdcRangeWithoutAnAdc", AdcBlock, "  kind: ternary\n  adc: { type: sar, bits: 4, column_sharing: 8, range: full }\n" +
            "scale_factor_unit: { bits: 8, array_rows: 16, array_columns: 128, columns_per_cycle: 128, zero_skipping: true, accumulator_bits: 24 }\n",
            "readout.adc.range", 20);
        yield return C("UnknownKey", "  columns: 128", "  colums: 128", "crossbar.colums", 11);
        yield return C("UnknownTopLevelKey", Append, "colour: red\n", "colour", 31);
        yield return C("WrongType", "  rows: 128", "  rows: many", "crossbar.rows", 10);
        yield return C("QuotedNumber", "  rows: 128", "  rows: \"128\"", "crossbar.rows", 10);
        yield return C("FractionWhereIntegerExpected", "  rows: 128", "  rows: 127.5", "crossbar.rows", 10);
        yield return C("MissingValue", "  rows: 128", "  rows:", "crossbar.rows", 10);
        yield return C("MissingRequiredField", "  tiles: 2\n", "", "hierarchy.tiles", 5);
        yield return C("MissingSection", "buffers:\n  pe: { size_bytes: 1024, width_bits: 64 }\n  tile: { size_bytes: 4096, width_bits: 128 }\n  global: { size_bytes: 8192, width_bits: 128 }\n", "", "buffers", 1);
        yield return C("ScalarWhereSectionBelongs", "hierarchy:\n  tiles: 2\n  pes_per_tile: 2\n  crossbars_per_pe: 2\n", "hierarchy: 4\n", "hierarchy", 5);
        yield return C("ZeroTiles", "  tiles: 2", "  tiles: 0", "hierarchy.tiles", 6);
        yield return C("NegativeCrossbarsPerPe", "  crossbars_per_pe: 2", "  crossbars_per_pe: -1", "hierarchy.crossbars_per_pe", 8);
        yield return C("UnsupportedNode", "  node_nm: 22", "  node_nm: 45", "technology.node_nm", 3);
        yield return C("UnknownEnumValue", "  device: sram", "  device: pcm", "crossbar.device", 13);
        yield return C("MultiBitSramCell", "  bits_per_cell: 1", "  bits_per_cell: 2", "crossbar.bits_per_cell", 12);
        yield return C("WeightBitsZero", "  weight_bits: 4", "  weight_bits: 0", "precision.weight_bits", 16);
        yield return C("WeightBitsOne", "  weight_bits: 4", "  weight_bits: 1", "precision.weight_bits", 16); // a sign needs a bit of its own
        // Times and costs far beyond any circuit (unit mistakes) would overflow the picosecond timeline or the sums.
        yield return C("ClockPeriodBeyondAMicrosecond", "  clock_ghz: 1.0", "  clock_period_ps: 9223372036854775807", "technology.clock_period_ps", 4);
        yield return C("ReadTimeOfAWeek", "  signed_weights: differential", "  signed_weights: differential\n  read_time_ns: 1e12", "crossbar.read_time_ns", 15);
        yield return C("OverrideLatencyBeyondAMillisecond", Append, "overrides:\n  adc: { latency_ns: { convert: 1e18 }, source: x }\n", "overrides.adc.latency_ns.convert", 32);
        yield return C("OverrideEnergyNearDoubleMax", Append, "overrides:\n  adc: { energy_pj: { convert: 1e308 }, source: x }\n", "overrides.adc.energy_pj.convert", 32);
        yield return C("OverrideAreaOfAStadium", Append, "overrides:\n  adc: { area_um2: 1e15, source: x }\n", "overrides.adc.area_um2", 32);
        yield return C("DacWiderThanInputs", Append, "input_drive: { dac_bits: 8 }\n", "input_drive.dac_bits", 31);
        yield return C("DacOfNoBits", Append, "input_drive: { dac_bits: 0 }\n", "input_drive.dac_bits", 31); // input slices divide by it
        yield return C("DacOfNegativeBits", Append, "input_drive: { dac_bits: -2 }\n", "input_drive.dac_bits", 31);
        yield return C("ComparatorReadoutWithoutScaleFactorUnit", AdcBlock, "  kind: ternary\n", "scale_factor_unit", 19);
        yield return C("AdcBlockWithComparatorReadout", "  kind: adc", "  kind: binary", "readout.adc", 20);
        yield return C("ScaleFactorUnitWithAdcReadout", Append,
            "scale_factor_unit: { bits: 8, array_rows: 64, array_columns: 128, columns_per_cycle: 32, zero_skipping: true, accumulator_bits: 16 }\n",
            "scale_factor_unit", 31);
        yield return C("DcimArrayTooSmall", AdcBlock,
            Ternary("{ bits: 8, array_rows: 8, array_columns: 128, columns_per_cycle: 32, zero_skipping: true, accumulator_bits: 16 }"),
            "scale_factor_unit.array_rows", 20);
        yield return C("DcimMoreLanesThanColumns", AdcBlock,
            Ternary("{ bits: 8, array_rows: 64, array_columns: 128, columns_per_cycle: 200, zero_skipping: true, accumulator_bits: 16 }"),
            "scale_factor_unit.columns_per_cycle", 20);
        yield return C("DcimZeroSkippingNotBoolean", AdcBlock,
            Ternary("{ bits: 8, array_rows: 64, array_columns: 128, columns_per_cycle: 32, zero_skipping: yes, accumulator_bits: 16 }"),
            "scale_factor_unit.zero_skipping", 20);
        yield return C("ClockNotWholePicoseconds", "  clock_ghz: 1.0", "  clock_ghz: 3.0", "technology.clock_ghz", 4);
        yield return C("TwoClocks", "  clock_ghz: 1.0", "  clock_ghz: 1.0\n  clock_period_ps: 1000", "technology.clock_period_ps", 5);
        yield return C("BufferAccessWiderThanBuffer", "  pe: { size_bytes: 1024, width_bits: 64 }", "  pe: { size_bytes: 4, width_bits: 64 }", "buffers.pe.width_bits", 25);
        yield return C("ZeroHopLatency", "  mesh: { width_bits: 32 }", "  mesh: { width_bits: 32, hop_latency_cycles: 0 }", "interconnect.mesh.hop_latency_cycles", 30);
        const string Layer = "layers:\n  - layer: conv1\n    readout: ";
        yield return C("LayerColumnSharingNotDividingColumns", Append, Layer + "{ kind: adc, adc: { type: flash, bits: 6, column_sharing: 7 } }\n",
            "layers[0].readout.adc.column_sharing", 33);
        yield return C("LayerAdcBitsOutOfRange", Append, Layer + "{ kind: adc, adc: { type: sar, bits: 17, column_sharing: 8 } }\n",
            "layers[0].readout.adc.bits", 33);
        yield return C("ComparatorLayerWithoutScaleFactorUnit", Append, Layer + "{ kind: binary }\n", "scale_factor_unit", 33);
        yield return C("LayerListedTwice", Append, Layer + "{ kind: adc, adc: { type: sar, bits: 4, column_sharing: 8 } }\n  - layer: conv1\n    readout: { kind: adc, adc: { type: sar, bits: 4, column_sharing: 8 } }\n",
            "layers[1].layer", 34);
        yield return C("LayerWithoutReadout", Append, "layers:\n  - layer: conv1\n", "layers[0].readout", 32);
        const string Tiles = "layers:\n  - layer: conv1\n    hierarchy: ";
        yield return C("LayerTilesOfNoPes", Append, Tiles + "{ pes_per_tile: 0, tiles: 2 }\n", "layers[0].hierarchy.pes_per_tile", 33);
        yield return C("LayerGivenNegativeTiles", Append, Tiles + "{ pes_per_tile: 9, tiles: -1 }\n", "layers[0].hierarchy.tiles", 33);
        yield return C("LayersGivenMoreTilesThanTheChipHas", Append, Tiles + "{ tiles: 3 }\n", "hierarchy.tiles", 6);
        yield return C("LayerHTreeOfNoWidth", Append, Tiles + "{ tiles: 1 }\n    interconnect: { htree: { width_bits: 0 } }\n", "layers[0].interconnect.htree.width_bits", 34);
        yield return C("LayerHierarchyUnknownField", Append, Tiles + "{ pes: 9 }\n", "layers[0].hierarchy.pes", 33);
        yield return C("FloorplanOnAFixedTileCount", "  tiles: 2\n", "  tiles: 2\n  floorplan: neurosim\n", "hierarchy.tiles", 6);
        yield return C("UnknownFloorplan", "  tiles: 2\n", "  tiles: auto\n  floorplan: timeloop\n", "hierarchy.floorplan", 7);
        yield return C("FloorplanAndPesPerTile", "  tiles: 2\n", "  tiles: auto\n  floorplan: neurosim\n", "hierarchy.pes_per_tile", 8);
        yield return C("FloorplanAndHTreeWidth", "  tiles: 2\n  pes_per_tile: 2\n  crossbars_per_pe: 2\n", "  tiles: auto\n  floorplan: neurosim\n",
            "interconnect.htree.width_bits", 28);
        yield return C("UnknownClockSource", "  clock_ghz: 1.0\n", "  clock: pll\n", "technology.clock", 4);
        yield return C("SensingPathClockWithoutNeuroSimSubarrays", "  clock_ghz: 1.0\n", "  clock: sensing-path\n", "technology.clock", 4);
        yield return C("DataflowWithoutFloorplan", "  tiles: 2\n", "  tiles: 2\n  dataflow: neurosim\n", "hierarchy.dataflow", 7);
        yield return C("UnknownDataflow", "  tiles: 2\n", "  tiles: 2\n  dataflow: timeloop\n", "hierarchy.dataflow", 7);
        yield return C("LayersNotAList", Append, "layers: { layer: conv1 }\n", "layers", 31);
        yield return C("ShiftAddNarrowerThanALayersAdc", Append, "shift_add: { bits: 7 }\n" + Layer + "{ kind: adc, adc: { type: sar, bits: 8, column_sharing: 8 } }\n",
            "shift_add.bits", 31);
        yield return C("OverrideOfUnknownComponent", Append, "overrides: { adcc: { source: x } }\n", "overrides.adcc", 31);
        yield return C("OverrideOfUnknownAction", Append, "overrides:\n  adc: { energy_pj: { conv: 1.0 }, source: x }\n", "overrides.adc.energy_pj.conv", 32);
        yield return C("OverrideWithoutSource", Append, "overrides:\n  adc: { area_um2: 10 }\n", "overrides.adc.source", 32);
        yield return C("OverrideOfComponentTheChipLacks", Append, "overrides:\n  comparator: { area_um2: 10, source: x }\n", "overrides.comparator", 32);
        yield return C("NegativeOverride", Append, "overrides:\n  adc: { area_um2: -1, source: x }\n", "overrides.adc.area_um2", 32);
    }

    /// <summary>A floorplan chip sets every layer's tiles and H-tree itself: a <c>layers:</c> entry that gives them is refused at its line.</summary>
    [TestCase("hierarchy: { tiles: 1 }", "layers[0].hierarchy")]
    [TestCase("interconnect: { htree: { width_bits: 64 } }", "layers[0].interconnect")]
    public void AFloorplanChipsLayerEntryGivesNoTiles(string entry, string field)
    {
        string text = Valid.Replace("  tiles: 2\n  pes_per_tile: 2\n  crossbars_per_pe: 2\n", "  tiles: auto\n  floorplan: neurosim\n")
            .Replace("  htree: { width_bits: 128 }", "  htree: { latency_cycles: 1 }").Replace("  mesh: { width_bits: 32 }", "  mesh: { hop_latency_cycles: 1 }")
            + "layers:\n  - layer: conv1\n    " + entry + "\n";
        var e = Assert.Throws<CimSim.InputException>(() => ArchitectureLoader.LoadText(text, "f.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo((field, text.Split('\n').ToList().IndexOf("  - layer: conv1") + 2)), "the line of the field");
        Assert.That(e.Reason, Does.Contain("hierarchy.floorplan sets every layer's tiles"));
    }

    /// <summary>A floorplan chip's bus is as wide as NeuroSim's floorplan makes it: a mesh width is refused at its line.</summary>
    [Test]
    public void AFloorplanChipGivesNoMeshWidth()
    {
        string text = Valid.Replace("  tiles: 2\n  pes_per_tile: 2\n  crossbars_per_pe: 2\n", "  tiles: auto\n  floorplan: neurosim\n")
            .Replace("  htree: { width_bits: 128 }", "  htree: { latency_cycles: 1 }");
        var e = Assert.Throws<CimSim.InputException>(() => ArchitectureLoader.LoadText(text, "f.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("interconnect.mesh.width_bits", text.Split('\n').ToList().IndexOf("  mesh: { width_bits: 32 }") + 1)));
        Assert.That(e.Reason, Does.Contain("set by hierarchy.floorplan"));
    }

    private static string Mutate(string find, string replace)
    {
        if (find == Append) return Valid + replace;
        Assert.That(Valid, Does.Contain(find), "test case must change the file");
        return Valid.Replace(find, replace);
    }

    /// <summary>A <c>neurosim-v14</c> model where its formulas do not apply: an RRAM subarray, flash and SAR ADCs on one
    /// chip (NeuroSim lays out one kind of subarray), NeuroSim's adder tree without its shift-add.</summary>
    [TestCase("  device: sram", "  device: rram", "crossbar: neurosim-v14", "models.crossbar")]
    [TestCase("    type: sar", "    type: sar", "adc: neurosim-v14\nlayers:\n  - { layer: fc1, readout: { kind: adc, adc: { type: flash, bits: 5, column_sharing: 8 } } }", "models.adc")]
    [TestCase("    type: sar", "    type: flash", "accumulator: neurosim-v14", "models.accumulator")]
    public void NeuroSimModelsAreRefusedWhereTheyDoNotApply(string find, string replace, string model, string field)
    {
        string text = Valid.Replace(find, replace) + "models:\n  " + model + "\n";
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(text, "t.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo((field, 32)), e.Message);
        Assert.That(e.Message, Does.Contain("neurosim-v14"));
    }

    /// <summary>An ADC wider than the neurosim-v14 subarray models take is refused at its bits, the chip's or a layer's.</summary>
    [TestCase("    bits: 5\n", "    bits: 12\n", "", "readout.adc.bits", 22)]
    [TestCase("    bits: 5\n", "    bits: 5\n", "layers:\n  - { layer: fc1, readout: { kind: adc, adc: { type: sar, bits: 11, column_sharing: 8 } } }\n", "layers[0].readout.adc.bits", 34)]
    [TestCase("    bits: 5\n", "    bits: 12\n", "", "readout.adc.bits", 22, "htree")]
    public void AnAdcWiderThanNeuroSimsSubarrayModelsIsRefusedAtItsBits(string find, string replace, string layers, string field, int line, string model = "adc")
    {
        string text = Valid.Replace(find, replace) + $"models:\n  {model}: neurosim-v14\n" + layers;
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(text, "t.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo((field, line)), e.Message);
        Assert.That(e.Reason, Does.Contain("up to 10 bits"));
    }

    [Test]
    public void NeuroSimSubarrayModelsTakeASarChip()
    {
        // Every ADC a SAR ADC: NeuroSim's subarray with SARADC = true (docs/MODELS.md §7.4a), (5 + 1) ns per conversion.
        var chip = ChipModel.Build(ArchitectureLoader.LoadText(Valid + "models:\n  adc: neurosim-v14\n", "t.yaml"));
        Assert.That(chip.Adc!.Source, Does.Contain("SarADC"));
        Assert.That(chip.Adc[CimSim.Components.Costs.ActionNames.Convert].LatencyNs, Is.EqualTo(6).Within(1e-9));
    }

    [Test]
    public void TheBaseFileIsValid() =>
        Assert.That(ChipModel.Build(ArchitectureLoader.LoadText(Valid, "t.yaml")).Adc!.Instances, Is.EqualTo(8L * 128 / 8));

    [TestCaseSource(nameof(Cases))]
    public void NamesFieldAndLine(string find, string replace, string field, int line)
    {
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(Mutate(find, replace), "t.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo((field, line)), e.Message);
        Assert.That(e.File, Is.EqualTo("t.yaml"));
        Assert.That(e.Column, Is.Positive);
        Assert.That(e.Message, Does.StartWith($"t.yaml:{line}:{e.Column}: {field}: "));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void DuplicateKeyNamesItsLine()
    {
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(Valid.Replace("  rows: 128\n", "  rows: 128\n  rows: 64\n"), "t.yaml"))!;
        Assert.That(e.Line, Is.EqualTo(11));
        Assert.That(e.Reason, Does.Contain("Duplicate key"));
    }

    [TestCase("name: [t\n", 2)]
    [TestCase("name: t\n  technology: 1\n", 2)]
    [TestCase("name: [t\nb: 1\n", 1)]                    // a flow sequence left open before another key (YamlDotNet throws no YamlException)
    [TestCase("a: 1\nname: {x: 1\nb: 2\nc: 3\n", 2)]
    [TestCase("a: 1\nb:\n\tc: 1\n", 3)]                // a tab in the indentation: its own line, not the mapping's
    [TestCase("a: 1\nb: 2\nc: *nowhere\n", 3)]          // an alias with no anchor
    public void SyntaxErrorNamesItsLine(string yaml, int line)
    {
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(yaml, "t.yaml"))!;
        Assert.That(e.Line, Is.EqualTo(line));
        Assert.That(e.Reason, Does.StartWith("YAML syntax"));
    }

    [TestCase("", 1, "the file is empty")]
    [TestCase("- a\n- b\n", 1, "expected a mapping")]
    [TestCase("name: t\n---\nname: u\n", 3, "only one YAML document")]
    public void WholeFileProblemsAreReported(string yaml, int line, string reason) =>
        Assert.That(() => ArchitectureLoader.LoadText(yaml, "t.yaml"),
            Throws.TypeOf<InputException>().With.Property(nameof(InputException.Line)).EqualTo(line)
                .And.Message.Contains(reason));

    [Test]
    public void MissingFileIsAnInputError() =>
        Assert.That(() => ArchitectureLoader.LoadFile("no/such/chip.yaml"),
            Throws.TypeOf<InputException>().With.Message.EqualTo("no/such/chip.yaml: file not found"));
}
