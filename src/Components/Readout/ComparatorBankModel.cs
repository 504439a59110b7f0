using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.Readout;

/// <summary>
/// HCiM's per-column comparator bank (partial-sum quantization): binary = 1 comparator (sign), ternary = 2
/// (thresholds ±α/2). Each comparator is a 1-level sense amplifier, so the bank is NeuroSim's multilevel sense
/// amplifier with n = 1 or 2 comparators (<see cref="SenseAmpBank"/>). Action <c>decide</c> = one column's
/// decision for one crossbar read.
/// </summary>
public static class ComparatorBankModel
{
    /// <summary>The comparator banks' cost table (one bank per crossbar column).</summary>
    public static ComponentCost Cost(TechnologyNode t, int comparatorsPerColumn, double comparatorEnergyFj,
        double columnResistanceOhm, double readVoltageV, double senseTimeNs, long instances)
    {
        if (comparatorsPerColumn is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(comparatorsPerColumn));
        return new ComponentCost(ComponentNames.Comparator, ComponentClasses.Comparator, instances, SenseAmpBank.AreaUm2(t, comparatorsPerColumn), 0,
            new Dictionary<string, ActionCost>
            {
                [ActionNames.Decide] = new(SenseAmpBank.EnergyPj(t, comparatorsPerColumn, comparatorEnergyFj, columnResistanceOhm, readVoltageV, senseTimeNs), senseTimeNs),
            },
            $"{comparatorsPerColumn} × 1-level sense amp (NeuroSim MultilevelSenseAmp.cpp model), {t.NodeNm} nm {t.Roadmap}, comparator {comparatorEnergyFj} fJ");
    }
}
