using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Crossbar;

/// <summary>
/// Row input driver (a DAC; a 1-bit DAC is a word-line driver). One per crossbar row. Action <c>drive</c> =
/// one row driven with a non-zero input slice during one read.
/// </summary>
public static class DacModel
{
    /// <summary>Gate equivalents of one unit driver (assumption: a two-stage buffer, 1× + 3× minimum inverters).</summary>
    public const int UnitDriverGates = 4;

    /// <summary>NeuroSim-style driver: charges the row wire (columns × cell width × wire capacitance) to V_dd
    /// once per drive; a b-bit DAC is 2^b − 1 unit drivers (thermometer-coded, assumption). Latency 0: the
    /// drive overlaps the crossbar read.</summary>
    public static ComponentCost NeuroSim(TechnologyNode t, CellDevice device, int columns, int dacBits, long instances)
    {
        double rowLengthUm = columns * CellLayout.WidthF(device) * t.FeatureUm;
        double energyPj = rowLengthUm * t.WireCapFfPerUm * t.VddV * t.VddV * 1e-3;
        int units = (1 << dacBits) - 1;
        return new ComponentCost(ComponentNames.Dac, ComponentClasses.Dac, instances,
            units * UnitDriverGates * LogicCells.GateAreaUm2(t),
            units * UnitDriverGates * LogicCells.GateLeakageUw(t),
            new Dictionary<string, ActionCost> { [ActionNames.Drive] = new(energyPj, 0) },
            $"row wire C·V_dd² (columns·{CellLayout.WidthF(device)}F·{t.WireCapFfPerUm} fF/µm); {units} unit driver(s) of {UnitDriverGates} gates");
    }

    /// <summary>PUMA 1-bit DAC (PUMAsim <c>constants.py</c>): 1 ns, 0.00350625 mW dynamic, 0.000390625 mW
    /// leakage, 1.67e-7 mm² (PUMA uses the same figures for every resolution).</summary>
    public static ComponentCost Puma(long instances) =>
        new(ComponentNames.Dac, ComponentClasses.Dac, instances, 1.67e-7 * 1e6, 0.000390625 * 1e3,
            new Dictionary<string, ActionCost> { [ActionNames.Drive] = new(0.00350625 * 1.0, 1.0) },
            "PUMA constants.py dac (1 ns, 0.0035 mW, 1.67e-7 mm²)");
}
