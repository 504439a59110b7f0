using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>
/// ReLU lanes. Action <c>apply</c> = one output element: a sign-controlled clear of a registered value
/// (assumption: the output register dominates; one gate per bit for the clear), one clock.
/// </summary>
public static class ActivationModel
{
    /// <summary>The activation lanes' cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, double clockPeriodNs, long instances) =>
        new(ComponentNames.Activation, ComponentClasses.Activation, instances,
            bits * (LogicCells.DffAreaUm2(t) + LogicCells.GateAreaUm2(t)),
            bits * (LogicCells.DffLeakageUw(t) + LogicCells.GateLeakageUw(t)),
            new Dictionary<string, ActionCost> { [ActionNames.Apply] = new(bits * LogicCells.DffEnergyFj(t) * 1e-3, clockPeriodNs) },
            $"ReLU on {bits} bits: register + 1 gate per bit, one clock");
}
