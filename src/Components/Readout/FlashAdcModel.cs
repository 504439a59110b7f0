using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.Readout;

/// <summary>
/// NeuroSim's flash ADC, the multilevel sense amplifier (<c>MultilevelSenseAmp.cpp</c>): an N-bit conversion
/// uses 2^N − 1 comparators (<see cref="SenseAmpBank"/>); the thermometer encoder and the reference column
/// are not modelled (REFERENCE §2's comparator-bank formula).
/// </summary>
public static class FlashAdcModel
{
    /// <summary>Comparators of an N-bit flash ADC.</summary>
    public static int Comparators(int bits) => (1 << bits) - 1;

    /// <summary>The ADC bank's cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, double comparatorEnergyFj, double columnResistanceOhm,
        double readVoltageV, double senseTimeNs, long instances)
    {
        int n = Comparators(bits);
        return new ComponentCost(ComponentNames.Adc, ComponentClasses.Adc, instances, SenseAmpBank.AreaUm2(t, n), 0,
            new Dictionary<string, ActionCost>
            {
                [ActionNames.Convert] = new(SenseAmpBank.EnergyPj(t, n, comparatorEnergyFj, columnResistanceOhm, readVoltageV, senseTimeNs), senseTimeNs),
            },
            $"NeuroSim MultilevelSenseAmp.cpp {bits}-bit ({n} comparators), {t.NodeNm} nm {t.Roadmap}, R_col={columnResistanceOhm} Ω, comparator {comparatorEnergyFj} fJ");
    }
}
