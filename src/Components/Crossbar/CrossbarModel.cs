using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Crossbar;

/// <summary>
/// The analog crossbar array. Action <c>read</c> = one active column during one crossbar read (one input
/// slice applied to all rows); its latency is the read (bit-line settle) time of the whole read.
/// </summary>
public static class CrossbarModel
{
    /// <summary>Default read time of an SRAM crossbar, ns: NeuroSim V1.4's default sensing path (≈1.7 ns,
    /// REFERENCE §2) minus its sense amplifier's 1 ns conversion.</summary>
    public const double SramReadTimeNs = 0.7;
    /// <summary>Default read time of an RRAM crossbar, ns: NeuroSim <c>Param.cpp</c> <c>readPulseWidth</c> = 10 ns.</summary>
    public const double RramReadTimeNs = 10.0;

    /// <summary>NeuroSim-style crossbar: area from the cell layout; read energy charges the column's wire
    /// capacitance to V_read (the cell current is charged to the readout's column term, as in NeuroSim).</summary>
    public static ComponentCost NeuroSim(TechnologyNode t, CellDevice device, int rows, int columns,
        double readVoltageV, double readTimeNs, long instances)
    {
        double cellUm2 = CellLayout.AreaUm2(device, t.FeatureUm);
        double columnLengthUm = rows * CellLayout.HeightF(device) * t.FeatureUm;
        double columnCapFf = columnLengthUm * t.WireCapFfPerUm;
        double energyPj = columnCapFf * readVoltageV * readVoltageV * 1e-3;
        // SRAM: each 6T cell leaks like two gate equivalents (assumption: one off device per inverter);
        // 1T1R RRAM has no static path with its word line off.
        double leakUw = device == CellDevice.Sram ? (double)rows * columns * 2 * LogicCells.GateLeakageUw(t) : 0;
        return new ComponentCost(ComponentNames.Crossbar, ComponentClasses.Crossbar, instances, rows * (double)columns * cellUm2, leakUw,
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(energyPj, readTimeNs) },
            $"NeuroSim cell {CellLayout.HeightF(device)}F×{CellLayout.WidthF(device)}F, F={t.WireWidthNm} nm; read = C_col·V_read² with C_col = rows·{CellLayout.HeightF(device)}F·{t.WireCapFfPerUm} fF/µm");
    }

    /// <summary>PUMA crossbar read time, ns (PUMAsim <c>constants.py</c> <c>xbar_ip_lat</c>).</summary>
    public const double PumaReadTimeNs = 100.0;

    /// <summary>PUMA crossbar (PUMAsim <c>constants.py</c>, 128×128 MVMU, 32 nm): in-situ MVM of one input
    /// slice = 100 ns at 1.70 mW (1.37·2 − 1.04 mW, excluding ADC); area 2.5e-5 mm² per 128×128 array; no
    /// leakage (PUMA sets it to 0 for analog crossbars). Energy per active column = P·100 ns / 128 (kept when
    /// <paramref name="readTimeNs"/> is changed) and area scale with the cell count (assumption for sizes
    /// other than 128×128).</summary>
    public static ComponentCost Puma(int rows, int columns, double readTimeNs, long instances)
    {
        const double powerMw = 1.37 * 2.0 - 1.04, latencyNs = PumaReadTimeNs, areaMm2At128 = 2.5e-5;
        double energyPerColumnPj = powerMw * latencyNs / 128.0;   // mW·ns = pJ
        double areaUm2 = areaMm2At128 * 1e6 * rows * columns / (128.0 * 128.0);
        return new ComponentCost(ComponentNames.Crossbar, ComponentClasses.Crossbar, instances, areaUm2, 0,
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(energyPerColumnPj, readTimeNs) },
            "PUMA constants.py xbar_ip (100 ns, 1.70 mW per 128-column read), xbar_area 2.5e-5 mm²");
    }
}
