using CimSim.Components.Costs;
using CimSim.Components.Crossbar;
using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// The NeuroSim V1.4 subarray (<see cref="SramSubArray"/>) as CimSim components (registry name
/// <c>neurosim-v14</c>): what NeuroSim charges per read is spread over the actions CimSim counts, which equal
/// NeuroSim's counts on the same workload (one <c>drive</c> per driven row of a read, one <c>convert</c> per column of a
/// read). SRAM, parallel read, current-mode multilevel sense amplifier or SAR ADC.
/// </summary>
public static class NeuroSimSubArrayCosts
{
    /// <summary>Registry name of this family's subarray models.</summary>
    public const string Name = "neurosim-v14";

    private static SramSubArray SubArray(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits, double readVoltageV,
        bool sar = false)
    {
        if (device != CellDevice.Sram)
            throw new ArgumentException("the NeuroSim V1.4 subarray models cover SRAM only", nameof(device));
        return new SramSubArray(t, rows, columns, sharing, adcBits, readVoltageV, sar);
    }

    private static SramSubArray SubArray(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, int weightColumns, int inputPulses, bool sar = false)
    {
        _ = SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV);
        return new SramSubArray(t, rows, columns, sharing, adcBits, readVoltageV, sar) { WeightColumns = weightColumns, InputPulses = inputPulses };
    }

    /// <summary>The subarray's bounding box (<see cref="SubArrayLayout"/>), m: what NeuroSim's PE buses run across.</summary>
    public static (double WidthM, double HeightM) Size(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, int weightColumns, int inputPulses, bool sar = false)
    {
        var l = new SubArrayLayout(SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV, weightColumns, inputPulses, sar));
        return (l.WidthM, l.HeightM);
    }

    /// <summary>Crossbar: the 10F × 28F cell array at F = the node. Its read energy is NeuroSim's word-line energy,
    /// charged per driven row (<see cref="RowDriver"/>), and the bit-line energy is inside the sense amplifier's, so
    /// <c>read</c> costs 0 here. Leakage: the cells', the precharger's and the write driver's (<see cref="SubArrayLayout"/>).</summary>
    public static ComponentCost Crossbar(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, int weightColumns, int inputPulses, double readTimeNs, long instances, bool sar = false)
    {
        var s = SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV, weightColumns, inputPulses, sar);
        var l = new SubArrayLayout(s);
        double areaM2 = l.AreaM2 - l.SwitchMatrixAreaM2 - l.ReadoutAreaM2 - l.ShiftAddAreaM2;
        return new ComponentCost(ComponentNames.Crossbar, ComponentClasses.Crossbar, instances, areaM2 * 1e12,
            (s.CellLeakageW * rows * columns + l.PrechargerLeakageW + l.WriteDriverLeakageW) * 1e6,
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(0, readTimeNs) },
            "NeuroSim V1.4 SubArray: 10F×28F SRAM cells at F = node; leakage: the cells' (two inverters each), precharger and write driver; area: the subarray's bounding box " +
            "less the switch matrix, readout and shift-adders (cells, precharger, write driver, layout slack)");
    }

    /// <summary>Row driver (one per row): per driven row, the word line C_row·V_dd² and the switch matrix's gate and
    /// drain charges, each × <c>numColMuxed</c> (NeuroSim re-drives the rows for every mux step). Area: the switch
    /// matrix's share per row, and its leakage (its scan DFFs', <see cref="SubArrayLayout"/>).</summary>
    public static ComponentCost RowDriver(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, int dacBits, long instances)
    {
        var s = SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV);
        var baseline = DacModel.NeuroSim(t, device, columns, dacBits, instances);
        double pj = (s.WordLineEnergyPerActiveRowJ + s.SwitchMatrixEnergyPerActiveRowJ) * 1e12;
        var l = new SubArrayLayout(s);
        return baseline with
        {
            AreaUm2 = l.SwitchMatrixAreaM2 / rows * 1e12,
            LeakageUw = l.SwitchMatrixLeakageW / rows * 1e6,
            Actions = new Dictionary<string, ActionCost> { [ActionNames.Drive] = new(pj, 0) },
            Source = "NeuroSim V1.4 SubArray word line + SwitchMatrix (per driven row × numColMuxed); area and leakage: SwitchMatrix.cpp's per row",
        };
    }

    /// <summary>Multilevel sense amplifier, or with <paramref name="sar"/> a SAR ADC (one per <c>column_sharing</c> columns): per conversion,
    /// <see cref="SramSubArray.ConversionEnergyJ"/> at the chip's column resistance (the driven rows a typical read has:
    /// R = R_access / rows driven; NeuroSim evaluates it per read); per read of the whole subarray (<c>array_read</c>), the
    /// switch-matrix register, column mux and mux decoder, which NeuroSim clocks for all its columns whatever a layer maps.
    /// Latency: NeuroSim's sensing time. Area: comparators and
    /// reference columns, encoder, column mux and its decoder (<see cref="SubArrayLayout"/>), per sense amplifier; leakage: the
    /// encoder's and mux decoder's (the sense amplifier, SAR ADC and mux leak 0 in NeuroSim).</summary>
    public static ComponentCost SenseAmp(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, double columnResistanceOhm, long instances, bool sar = false)
    {
        var s = SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV, sar);
        double activeRows = (s.CellAccessResistanceOhm + s.CellWireResistanceOhm) / columnResistanceOhm;
        int a = Math.Clamp((int)Math.Round(activeRows), 1, rows);
        double pj = s.ConversionEnergyJ(a) * 1e12;
        // With the trace's driven-row histogram each conversion is priced at its own read's column resistance.
        var byDriven = new double[rows + 1];
        for (int k = 0; k <= rows; k++) byDriven[k] = s.ConversionEnergyJ(k) * 1e12;
        double arrayReadPj = (s.SwitchMatrixEnergyPerReadJ + s.MuxEnergyPerReadJ + s.MuxDecoderEnergyPerReadJ) * 1e12;
        var l = new SubArrayLayout(s);
        return new ComponentCost(ComponentNames.Adc, ComponentClasses.Adc, instances, l.ReadoutAreaM2 * 1e12 / (columns / sharing),
            (l.EncoderLeakageW + l.MuxDecoderLeakageW) * 1e6 / (columns / sharing),
            new Dictionary<string, ActionCost> { [ActionNames.Convert] = new(pj, s.ColumnSenseTimeS * 1e9), [ActionNames.ArrayRead] = new(arrayReadPj, 0) },
            $"NeuroSim V1.4 {(sar ? "SarADC" : "MultilevelSenseAmp (current mode)")} at each read's driven rows (without a driven-row histogram: {a} rows, R = {columnResistanceOhm:F0} Ω); per subarray read: switch-matrix DFFs, column mux and its decoder")
        { EnergyPjByDrivenRows = new Dictionary<string, double[]> { [ActionNames.Convert] = byDriven } };
    }

    /// <summary>Shift-add (one per sense amplifier): per read of the whole subarray (<c>array_read</c>), all its weight and input
    /// shift-add units, which NeuroSim clocks whatever columns a layer maps (<c>ShiftAdd.cpp</c> with the validated activity
    /// factors); a conversion's <c>shift_add</c> costs its latency only. Area: the weight and input shift-adders' per sense
    /// amplifier, and their leakage (<see cref="SubArrayLayout"/>).</summary>
    public static ComponentCost ShiftAdd(TechnologyNode t, CellDevice device, int rows, int columns, int sharing, int adcBits,
        double readVoltageV, int weightColumns, int inputPulses, ComponentCost baseline)
    {
        var s = SubArray(t, device, rows, columns, sharing, adcBits, readVoltageV, weightColumns, inputPulses);
        var l = new SubArrayLayout(s);
        return baseline with
        {
            AreaUm2 = l.ShiftAddAreaM2 / (columns / sharing) * 1e12,
            LeakageUw = l.ShiftAddLeakageW / (columns / sharing) * 1e6,
            Actions = new Dictionary<string, ActionCost>
            {
                [ActionNames.ShiftAdd] = new(0, baseline[ActionNames.ShiftAdd].LatencyNs),
                [ActionNames.ArrayRead] = new(s.ShiftAddEnergyPerReadJ * 1e12, 0),
            },
            Source = "NeuroSim V1.4 ShiftAdd (weight + input, all units per subarray read); area and leakage: ShiftAdd.cpp's per sense amplifier",
        };
    }
}
