using CimSim.Components.Digital;
using CimSim.Components.Crossbar;
using CimSim.Components.NeuroSim;
using CimSim.Components.Technology;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// The NeuroSim subarray models against DNN+NeuroSim V1.4's own figures for the pack's VGG8 run
/// (tests/data/neurosim-vgg8/reference.json: its floorplan's per-subarray areas and the per-layer energy
/// sub-splits counted after every <c>SubArray::CalculatePower</c>).
/// </summary>
public class SramSubArrayTests
{
    private static readonly TechnologyNode N22 = TechnologyNode.Get(22, DeviceRoadmap.Lstp);
    private static SramSubArray Matched() => new(N22, 128, 128, 8, 5);

    private static double Floorplan(string key) =>
        NeuroSimVgg8Data.Reference.GetProperty("floorplan").GetProperty("subarray_area_um2").GetProperty(key).GetDouble();

    [TestCase("precharger")]
    [TestCase("writedriver")]
    [TestCase("encoder")]
    [TestCase("wlswitch")]
    [TestCase("mux")]
    [TestCase("muxdec")]
    [TestCase("shiftaddW")]
    [TestCase("shiftaddI")]
    [TestCase("subarray_total")]
    public void PeripheryAreasAndTheBoundingBoxAreNeuroSims(string part)
    {
        var s = Matched();
        var l = new SubArrayLayout(s);
        double w = l.ArrayWidthM;
        double m2 = part switch
        {
            "precharger" => l.PrechargerHeightM * w,
            "writedriver" => l.WriteDriverHeightM * w,
            "encoder" => l.EncoderHeightM * w,
            "wlswitch" => l.SwitchMatrixWidthM * s.ColumnLengthM,
            "mux" => l.MuxHeightM * w,
            "muxdec" => l.MuxDecoderHeightM * l.MuxDecoderWidthM,
            "shiftaddW" => l.WeightShiftAddHeightM * w,
            "shiftaddI" => l.InputShiftAddHeightM * w,
            _ => l.AreaM2,
        };
        Assert.That(m2 * 1e12, Is.EqualTo(Floorplan(part)).Within(Floorplan(part) * 1e-4));
    }

    [Test]
    public void TheSubarrayComponentsShareTheBoundingBoxExactly()
    {
        var t = TechnologyNode.Get(22, DeviceRoadmap.Lstp, 0.85);
        const int rows = 128, columns = 128, sharing = 8, bits = 5;
        var xbar = NeuroSimSubArrayCosts.Crossbar(t, CellDevice.Sram, rows, columns, sharing, bits, 0.5, 8, 8, 0.7, 1);
        var dac = NeuroSimSubArrayCosts.RowDriver(t, CellDevice.Sram, rows, columns, sharing, bits, 0.5, 1, 1);
        var adc = NeuroSimSubArrayCosts.SenseAmp(t, CellDevice.Sram, rows, columns, sharing, bits, 0.5, 3560, 1);
        var sa = NeuroSimSubArrayCosts.ShiftAdd(t, CellDevice.Sram, rows, columns, sharing, bits, 0.5, 8, 8, ShiftAddModel.NeuroSim(t, 13, 1));
        double perSubarray = xbar.AreaUm2 + rows * dac.AreaUm2 + columns / sharing * (adc.AreaUm2 + sa.AreaUm2);
        Assert.That(perSubarray, Is.EqualTo(Floorplan("subarray_total")).Within(Floorplan("subarray_total") * 1e-4));
        Assert.That(xbar.AreaUm2, Is.GreaterThan(Floorplan("array")), "the cells, precharger, write driver and slack");
    }

    [Test]
    public void CellLeakageIsTwoMinimumInverters() =>
        // (22 nm · 100 pA/µm + 22 nm · 100 pA/µm) / 2 · 0.85 V · 2 (SubArray::CalculatePower, Technology.cpp I_off).
        Assert.That(new SramSubArray(TechnologyNode.Get(22, DeviceRoadmap.Lstp, 0.85), 128, 128, 8, 5).CellLeakageW, Is.EqualTo(3.74e-12).Within(1e-16));

    [Test]
    public void CellAccessResistanceIsNeuroSims()
    {
        // README of the pack: R_access = 86.36 kΩ (1.77 · 0.85 V / (791.9 µA/µm · 22 nm)).
        Assert.That(Matched().CellAccessResistanceOhm, Is.EqualTo(86_360).Within(10));
    }

    [Test]
    public void ArrayAreaUsesTheNodeAsFeatureSize() =>
        Assert.That(Matched().ArrayAreaM2 * 1e12, Is.EqualTo(Floorplan("array")).Within(Floorplan("array") * 1e-4));

    [Test]
    public void SenseAmpAreaIncludesReferenceColumns() =>
        Assert.That(Matched().SenseAmpAreaM2 * 1e12, Is.EqualTo(Floorplan("mlsa")).Within(Floorplan("mlsa") * 1e-3));

    [Test]
    public void SenseTimeIsNeuroSimsLatencyCol() =>
        // reference.json adc_latency = reads × numColMuxed × clock / copies; the README quotes LatencyCol 0.938 ns.
        Assert.That(Matched().ColumnSenseTimeS * 1e9, Is.EqualTo(0.938).Within(0.0005));

    [TestCaseSource(nameof(LayerNames))]
    public void WordLineEnergyPerLayerMatchesNeuroSim(string layer)
    {
        var l = NeuroSimVgg8Data.Layer(layer);
        double drives = l.GetProperty("active_row_drives").GetDouble();
        double expected = l.GetProperty("array_wordline_energy_pj").GetDouble();
        Assert.That(drives * Matched().WordLineEnergyPerActiveRowJ * 1e12, Is.EqualTo(expected).Within(expected * 0.005));
    }

    [TestCaseSource(nameof(LayerNames))]
    public void ActiveRowDrivesMatchNeuroSimsCount(string layer)
    {
        // Every column block of a row block is read with the same rows driven.
        var (hist, columns) = NeuroSimVgg8Data.ActiveRowHistogram(layer);
        long columnBlocks = (columns + 127) / 128, drives = 0, reads = 0;
        for (int a = 0; a < hist.Length; a++) { drives += a * hist[a]; reads += hist[a]; }
        var l = NeuroSimVgg8Data.Layer(layer);
        Assert.That(drives * columnBlocks, Is.EqualTo(l.GetProperty("active_row_drives").GetInt64()));
        Assert.That(reads * columnBlocks, Is.EqualTo(l.GetProperty("crossbar_reads").GetInt64()));
        Assert.That(reads * columns, Is.EqualTo(l.GetProperty("conversions").GetInt64()));
    }

    [TestCaseSource(nameof(LayerNames))]
    public void SenseAmpEnergyPerLayerMatchesNeuroSim(string layer)
    {
        var s = Matched();
        var (hist, columns) = NeuroSimVgg8Data.ActiveRowHistogram(layer);
        double pj = 0;
        for (int a = 0; a < hist.Length; a++) pj += hist[a] * columns * s.ConversionEnergyJ(a) * 1e12;
        double expected = NeuroSimVgg8Data.Layer(layer).GetProperty("adc_energy_pj").GetDouble();
        TestContext.Out.WriteLine($"{layer}: {pj:F1} pJ vs NeuroSim {expected:F1} pJ, ratio {pj / expected:F4}");
        Assert.That(pj, Is.EqualTo(expected).Within(expected * 1e-4));
    }

    [TestCaseSource(nameof(LayerNames))]
    public void ShiftAddEnergyPerLayerMatchesNeuroSim(string layer)
    {
        var l = NeuroSimVgg8Data.Layer(layer);
        double pj = l.GetProperty("crossbar_reads").GetDouble() * Matched().ShiftAddEnergyPerReadJ * 1e12;
        double expected = l.GetProperty("shift_add_energy_pj").GetDouble();
        TestContext.Out.WriteLine($"{layer}: shift-add {pj:F1} pJ vs NeuroSim {expected:F1} pJ, ratio {pj / expected:F4}");
        Assert.That(pj, Is.EqualTo(expected).Within(expected * 1e-3));
    }

    [Test]
    public void RowColumnPeripheryEnergyIsLinearInDrivesLikeNeuroSims()
    {
        // NeuroSim's row_column_periphery (WL switch matrix + column mux + mux decoder) per layer = a·reads + b·drives;
        // b comes from the switch matrix alone, a from its scan register, the mux and the mux decoder. Fit a, b from conv1 and
        // conv2 and compare with the model.
        var s = Matched();
        double Get(string l, string k) => NeuroSimVgg8Data.Layer(l).GetProperty(k).GetDouble();
        double r1 = Get("conv1", "crossbar_reads"), d1 = Get("conv1", "active_row_drives"), e1 = Get("conv1", "row_column_periphery_energy_pj");
        double r2 = Get("conv2", "crossbar_reads"), d2 = Get("conv2", "active_row_drives"), e2 = Get("conv2", "row_column_periphery_energy_pj");
        double b = (e2 / r2 - e1 / r1) / (d2 / r2 - d1 / r1), a = e1 / r1 - b * d1 / r1;
        double perRead = (s.SwitchMatrixEnergyPerReadJ + s.MuxEnergyPerReadJ + s.MuxDecoderEnergyPerReadJ) * 1e12;
        TestContext.Out.WriteLine($"per drive: model {s.SwitchMatrixEnergyPerActiveRowJ * 1e12:F6} pJ, NeuroSim {b:F6} pJ; " +
            $"per read: switch-matrix DFFs {s.SwitchMatrixEnergyPerReadJ * 1e12:F4} + mux {s.MuxEnergyPerReadJ * 1e12:F4} + mux decoder " +
            $"{s.MuxDecoderEnergyPerReadJ * 1e12:F4} = {perRead:F4} pJ, NeuroSim {a:F4} pJ");
        Assert.That(s.SwitchMatrixEnergyPerActiveRowJ * 1e12, Is.EqualTo(b).Within(b * 1e-3));
        Assert.That(perRead, Is.EqualTo(a).Within(a * 1e-3));
    }

    /// <summary>NeuroSim re-run at other readout settings (tests/data/neurosim-vgg8/&lt;file&gt;.json) prints a layer's "ADC (or
    /// S/As ...)" energy = its readout (each conversion at its read's column resistance: the rows it drives) + the array word
    /// lines. Same formulas, other parameters.</summary>
    [TestCase("mlsa4-mux4.json", "fc1", 4, 4, false)]
    [TestCase("mlsa4-mux4.json", "fc2", 4, 4, false)]
    [TestCase("sar5-mux8.json", "fc1", 8, 5, true)]
    [TestCase("sar5-mux8.json", "fc2", 8, 5, true)]
    public void ReadoutEnergyAtOtherSettingsMatchesNeuroSim(string file, string layer, int sharing, int bits, bool sar)
    {
        double expected = Variant(file).GetProperty("layers").EnumerateArray()
            .First(l => l.GetProperty("name").GetString() == layer).GetProperty("readout_energy_pj").GetDouble();
        var s = new SramSubArray(N22, 128, 128, sharing, bits, sar: sar);
        var (hist, columns) = NeuroSimVgg8Data.ActiveRowHistogram(layer);
        long blocks = (columns + 127) / 128;
        double pj = 0;
        for (int a = 0; a < hist.Length; a++)
            pj += hist[a] * (columns * s.ConversionEnergyJ(a) + blocks * a * s.WordLineEnergyPerActiveRowJ) * 1e12;
        TestContext.Out.WriteLine($"{layer} ({file}): {pj:F1} pJ vs NeuroSim {expected:F1} pJ, ratio {pj / expected:F4}");
        Assert.That(pj, Is.EqualTo(expected).Within(expected * 1e-3));
        if (sar) Assert.That(s.ColumnSenseTimeS, Is.EqualTo((bits + 1) * 1e-9).Within(1e-18), "SarADC::CalculateLatency: (N + 1) ns per conversion");
    }

    private static System.Text.Json.JsonElement Variant(string file) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(NeuroSimVgg8Data.Dir, file))).RootElement;

    [Test]
    public void SarAdcAreaMatchesNeuroSimWithItsSarAdc()
    {
        // NeuroSim's chip ADC area per subarray = its SAR ADCs + the precharger (SubArray::CalculateArea's areaADC).
        var sar = Variant("sar5-mux8.json");
        double expected = sar.GetProperty("adc_area_on_chip_um2").GetDouble() / sar.GetProperty("subarrays_on_chip").GetInt32();
        var s = new SramSubArray(N22, 128, 128, 8, 5, sar: true);
        var l = new SubArrayLayout(s);
        double um2 = (s.SenseAmpAreaM2 + l.PrechargerHeightM * l.ArrayWidthM) * 1e12;
        TestContext.Out.WriteLine($"SAR + precharger per subarray: {um2:F2} µm² vs NeuroSim {expected:F2} µm², ratio {um2 / expected:F5}");
        Assert.That(um2, Is.EqualTo(expected).Within(expected * 1e-3));
        Assert.That(l.EncoderHeightM, Is.Zero, "a SAR ADC needs no multilevel encoder");
    }

    [Test]
    public void PeripheryLeakageIsNeuroSims()
    {
        // NeuroSim's own per-block leakage of one subarray (tests/data/neurosim-vgg8/subarray-leakage.json), and its total
        // as CimSim's components carry it: crossbar (cells, precharger, write driver) + a row driver per row (switch
        // matrix) + per sense amplifier the ADC (encoder, mux decoder) and the shift-add.
        var w = Variant("subarray-leakage.json").GetProperty("leakage_w");
        double Ref(string key) => w.GetProperty(key).GetDouble();
        var s = Matched();
        var l = new SubArrayLayout(s);
        Assert.Multiple(() =>
        {
            Assert.That(l.SwitchMatrixLeakageW, Is.EqualTo(Ref("switch_matrix")).Within(1e-6 * Ref("switch_matrix")));
            Assert.That(l.PrechargerLeakageW, Is.EqualTo(Ref("precharger")).Within(1e-6 * Ref("precharger")));
            Assert.That(l.WriteDriverLeakageW, Is.EqualTo(Ref("write_driver")).Within(1e-6 * Ref("write_driver")));
            Assert.That(l.EncoderLeakageW, Is.EqualTo(Ref("encoder")).Within(1e-6 * Ref("encoder")));
            Assert.That(l.MuxDecoderLeakageW, Is.EqualTo(Ref("mux_decoder")).Within(1e-6 * Ref("mux_decoder")));
            double shift = Ref("shift_add_weight") + Ref("shift_add_input");
            Assert.That(l.ShiftAddLeakageW, Is.EqualTo(shift).Within(1e-6 * shift));
        });
        var t = N22;
        const int sense = 128 / 8;
        double uw = NeuroSimSubArrayCosts.Crossbar(t, CellDevice.Sram, 128, 128, 8, 5, t.DefaultReadVoltageV, 8, 8, 0.7, 1).LeakageUw
                    + 128 * NeuroSimSubArrayCosts.RowDriver(t, CellDevice.Sram, 128, 128, 8, 5, t.DefaultReadVoltageV, 1, 1).LeakageUw
                    + sense * NeuroSimSubArrayCosts.SenseAmp(t, CellDevice.Sram, 128, 128, 8, 5, t.DefaultReadVoltageV, 12500, 1).LeakageUw
                    + sense * NeuroSimSubArrayCosts.ShiftAdd(t, CellDevice.Sram, 128, 128, 8, 5, t.DefaultReadVoltageV, 8, 8,
                        ShiftAddModel.NeuroSim(t, 16, 1)).LeakageUw;
        Assert.That(uw * 1e-6, Is.EqualTo(Ref("subarray_total")).Within(1e-6 * Ref("subarray_total")));
    }

    private static IEnumerable<string> LayerNames => NeuroSimVgg8Data.Layers.Select(l => l.Name);
}
