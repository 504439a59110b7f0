using CimSim.Components.Technology;

namespace CimSim.Components.Readout;

/// <summary>
/// A bank of n latch comparators on one column, the common core of the flash ADC (n = 2^N − 1) and the
/// HCiM comparator bank (n = 1 binary, 2 ternary). Area 9·A_min per comparator (NeuroSim
/// <c>MultilevelSenseAmp.cpp</c>; REFERENCE §2); one decision takes the sense time (1 ns, NeuroSim voltage-mode
/// constant); energy = n · comparator switching + static column power × sense time.
/// </summary>
public static class SenseAmpBank
{
    /// <summary>Default switching energy of one latch comparator, fJ: taken equal to one DFF clocking
    /// (assumption: a StrongARM sense-amplifier latch has a flip-flop's transistor count and swing; REFERENCE §2 DFF figure).</summary>
    public static double DefaultComparatorEnergyFj(TechnologyNode t) => t.DffEnergyFj;

    /// <summary>Area of the bank, µm².</summary>
    public static double AreaUm2(TechnologyNode t, int comparators) => 9 * t.MinDeviceAreaUm2 * comparators;

    /// <summary>Energy of one decision of the whole bank, pJ.</summary>
    public static double EnergyPj(TechnologyNode t, int comparators, double comparatorEnergyFj,
        double columnResistanceOhm, double readVoltageV, double senseTimeNs)
    {
        double staticFj = SenseAmpColumnPower.PowerUw(t, comparators, columnResistanceOhm, readVoltageV) * senseTimeNs; // µW·ns = fJ
        return (comparators * comparatorEnergyFj + staticFj) * 1e-3;
    }
}
