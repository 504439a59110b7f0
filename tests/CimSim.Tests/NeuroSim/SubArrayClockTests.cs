using System.Text.Json;
using CimSim.Components.NeuroSim;
using CimSim.Components.Technology;
using CimSim.Simulator.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// NeuroSim V1.4's synchronous clock (<see cref="SubArrayClock"/>, <c>technology.clock: sensing-path</c>) against what an
/// instrumented NeuroSim printed for each stage of the sensing path and the clock period, at four subarray settings
/// (tests/data/neurosim-vgg8/sensing-path.json): the matched chip's, a 4-bit sense amplifier shared by 4 columns, SAR ADCs,
/// and 32 nm.
/// </summary>
public class SubArrayClockTests
{
    private static readonly JsonElement[] Variants =
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(NeuroSimVgg8Data.Dir, "sensing-path.json"))).RootElement.GetProperty("variants").EnumerateArray()];

    private static IEnumerable<TestCaseData> Cases() => Variants.Select(v => new TestCaseData(v).SetArgDisplayNames(v.GetProperty("name").GetString()!));

    [TestCaseSource(nameof(Cases))]
    public void EveryStageAndThePeriodAreNeuroSims(JsonElement v)
    {
        var s = new SramSubArray(TechnologyNode.Get(v.GetProperty("node_nm").GetInt32(), DeviceRoadmap.Lstp), 128, 128,
            v.GetProperty("column_sharing").GetInt32(), v.GetProperty("adc_bits").GetInt32(), sar: v.GetProperty("sar").GetBoolean());
        var c = SubArrayClock.Of(s);
        foreach (var (key, mine) in new[] { ("switch_matrix_s", c.SwitchMatrixS), ("mux_s", c.MuxS), ("mux_decoder_s", c.MuxDecoderS),
                     ("precharger_s", c.PrechargerS), ("sense_s", c.SenseS), ("encoder_s", c.EncoderS), ("clock_period_s", c.PeriodS) })
        {
            double theirs = v.GetProperty(key).GetDouble();
            Assert.That(mine, Is.EqualTo(theirs).Within(Math.Abs(theirs) * 1e-5 + 1e-18), key);
        }
    }

    [Test]
    public void TheMuxDrainFoldsAsNeuroSimsRoundingMakesItFold()
    {
        // At the pass gate's unfolded height the two devices fill it exactly; NeuroSim's sum in its order comes out a hair
        // short, so both fold in two and the drain capacitance grows (its printed mux delay, 3.756 ps, needs the fold).
        var s = new SramSubArray(TechnologyNode.Get(22, DeviceRoadmap.Lstp), 128, 128, 8, 5);
        var d = s.Device;
        var (wN, wP) = s.MuxGateWidthsM;
        double h = NeuroSimGates.PassGateHeightM(d, wN, wP, 1);
        Assert.That(NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, h),
            Is.GreaterThan(NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, h * (1 + 1e-9))));
    }

    private static string Chip(string clock, string models = "models:\n  adc: neurosim-v14\n", string readout = "kind: adc\n  adc: { type: sar, bits: 5, column_sharing: 8 }") => $"""
        name: t
        technology:
        {clock}
        hierarchy: {"{"} tiles: 2, pes_per_tile: 2, crossbars_per_pe: 2 {"}"}
        crossbar: {"{"} rows: 128, columns: 128, bits_per_cell: 1, device: sram, signed_weights: offset {"}"}
        precision: {"{"} weight_bits: 8, input_bits: 8 {"}"}
        readout:
          {readout}
        buffers:
          pe: {"{"} size_bytes: 1024, width_bits: 64 {"}"}
          tile: {"{"} size_bytes: 4096, width_bits: 128 {"}"}
          global: {"{"} size_bytes: 8192, width_bits: 128 {"}"}
        interconnect:
          htree: {"{"} width_bits: 128 {"}"}
          mesh: {"{"} width_bits: 32 {"}"}
        {models}
        """;

    [Test]
    public void AChipTakesTheSlowestSensingPathRoundedToWholePicoseconds()
    {
        var sar = ArchitectureLoader.LoadText(Chip("  node_nm: 22\n  clock: sensing-path"), "t.yaml");
        Assert.That(sar.ClockFromSensingPath, Is.True);
        Assert.That(sar.ClockPeriodPs, Is.EqualTo(8577), "NeuroSim: 8.57696 ns with SAR ADCs");
        // A layer with a slower readout sets the whole chip's clock, as NeuroSim's clock is the longest over all layers.
        var mixed = ArchitectureLoader.LoadText(Chip("  node_nm: 22\n  clock: sensing-path",
            "models:\n  adc: neurosim-v14\nlayers:\n  - { layer: fc1, readout: { kind: adc, adc: { type: sar, bits: 8, column_sharing: 8 } } }\n"), "t.yaml");
        Assert.That(mixed.ClockPeriodPs, Is.EqualTo((long)Math.Round(1.4 * (93.26 + 33.14 + 9000))).Within(1), "8-bit SAR: 9 ns");
    }

    [Test]
    public void AGivenClockIsTheFastestAllowed()
    {
        Assert.That(ArchitectureLoader.LoadText(Chip("  node_nm: 22\n  clock: sensing-path\n  clock_ghz: 1"), "t.yaml").ClockPeriodPs, Is.EqualTo(8577));
        Assert.That(ArchitectureLoader.LoadText(Chip("  node_nm: 22\n  clock: sensing-path\n  clock_period_ps: 10000"), "t.yaml").ClockPeriodPs, Is.EqualTo(10_000));
    }

    [TestCase("kind: adc\n  adc: { type: flash, bits: 5, column_sharing: 8 }", "")]
    [TestCase("kind: adc\n  adc: { type: flash, bits: 5, column_sharing: 8 }", "models:\n  adc: puma\n")]
    public void ASensingPathNeedsNeuroSimsSubarrayAdcs(string readout, string models)
    {
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(Chip("  node_nm: 22\n  clock: sensing-path", models, readout), "t.yaml"))!;
        Assert.That((e.Field, e.Line), Is.EqualTo(("technology.clock", 4)), e.Message);
    }
}
