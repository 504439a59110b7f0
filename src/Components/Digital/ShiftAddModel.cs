using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>
/// Shift-and-add after each ADC: merges one converted column result (per input bit and weight slice) into a
/// running sum. Action <c>shift_add</c> = one column result merged.
/// </summary>
public static class ShiftAddModel
{
    /// <summary>NeuroSim-style: a registered adder of <paramref name="bits"/> bits (NeuroSim <c>ShiftAdd.cpp</c>).</summary>
    public static ComponentCost NeuroSim(TechnologyNode t, int bits, long instances) =>
        new RegisteredAdder(t, bits).Cost(ComponentNames.ShiftAdd, ComponentClasses.ShiftAdd, ActionNames.ShiftAdd, instances);

    /// <summary>PUMA shift-and-add (PUMAsim <c>constants.py</c> <c>sna</c>): 1 ns, 0.045 mW dynamic, 0.005 mW leakage, 6e-5 mm².</summary>
    public static ComponentCost Puma(long instances) =>
        new(ComponentNames.ShiftAdd, ComponentClasses.ShiftAdd, instances, 6e-5 * 1e6, 0.005 * 1e3,
            new Dictionary<string, ActionCost> { [ActionNames.ShiftAdd] = new(0.045 * 1.0, 1.0) },
            "PUMA constants.py sna (1 ns, 0.045 mW dyn, 0.005 mW leak, 6e-5 mm²)");
}
