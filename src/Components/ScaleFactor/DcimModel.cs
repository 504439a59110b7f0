using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Memory;
using CimSim.Components.Readout;
using CimSim.Components.Technology;

namespace CimSim.Components.ScaleFactor;

/// <summary>
/// HCiM's digital-CiM scale-factor unit. An SRAM array holds the per-column scale factors α; for every
/// non-zero comparator output q the unit reads α and adds or subtracts it (shifted by its significance) into
/// the column's accumulator. Action <c>accumulate</c> = one such add/subtract: an SRAM read of α's bits plus
/// a registered add of the accumulator's width (the definition; REFERENCE marks the DCiM's real
/// figures *unknown*). <c>columns_per_cycle</c> lanes work in parallel; one DCiM cycle is the whole clock
/// periods that cover the add.
/// </summary>
public static class DcimModel
{
    /// <summary>Parameters of one DCiM unit.</summary>
    /// <param name="ScaleFactorBits">Bits of α.</param>
    /// <param name="ArrayRows">SRAM array rows (sets the bit-line length).</param>
    /// <param name="ArrayColumns">SRAM array columns.</param>
    /// <param name="ColumnsPerCycle">Parallel add lanes.</param>
    /// <param name="AccumulatorBits">Adder and accumulator width.</param>
    /// <param name="CrossbarsPerUnit">Crossbars served by one unit.</param>
    /// <param name="ZeroSkipping">Whether q = 0 is skipped.</param>
    /// <param name="SramReadEnergyFjPerBit">Replaces the modelled α read energy per bit, fJ, when set.</param>
    public sealed record Parameters(int ScaleFactorBits, int ArrayRows, int ArrayColumns, int ColumnsPerCycle,
        int AccumulatorBits, int CrossbarsPerUnit, bool ZeroSkipping, double? SramReadEnergyFjPerBit);

    /// <summary>The DCiM units' cost table.</summary>
    public static DcimCost Cost(TechnologyNode t, Parameters p, double clockPeriodNs, long instances)
    {
        double readFjPerBit = p.SramReadEnergyFjPerBit
            ?? SramArray.ReadEnergyFjPerBit(t, p.ArrayRows, SenseAmpBank.DefaultComparatorEnergyFj(t));
        var lane = new RegisteredAdder(t, p.AccumulatorBits);
        double energyPj = (p.ScaleFactorBits * readFjPerBit + lane.EnergyFj) * 1e-3;
        double cycleNs = clockPeriodNs * Math.Ceiling(lane.LatencyNs / clockPeriodNs - 1e-9);
        double cells = (double)p.ArrayRows * p.ArrayColumns;
        double laneAreaUm2 = lane.AreaUm2 + p.ScaleFactorBits * SenseAmpBank.AreaUm2(t, 1);
        var cost = new ComponentCost(ComponentNames.Dcim, ComponentClasses.Dcim, instances,
            cells * SramArray.CellAreaUm2(t) + p.ColumnsPerCycle * laneAreaUm2,
            cells * SramArray.CellLeakageUw(t) + p.ColumnsPerCycle * lane.LeakageUw,
            new Dictionary<string, ActionCost> { [ActionNames.Accumulate] = new(energyPj, cycleNs) },
            $"DCiM {p.ArrayRows}×{p.ArrayColumns} SRAM, {p.ColumnsPerCycle} lanes: α read {p.ScaleFactorBits}×{readFjPerBit:0.###} fJ"
            + (p.SramReadEnergyFjPerBit is null ? " (C_bl·V_dd·0.1 V + sense amp)" : " (YAML)")
            + $" + {p.AccumulatorBits}-bit add and register");
        return new DcimCost(cost, p.ColumnsPerCycle, p.CrossbarsPerUnit, p.ZeroSkipping);
    }
}
