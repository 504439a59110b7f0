using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>
/// Partial-sum accumulator lanes of a PE: merge outputs across row blocks and crossbars. Action <c>add</c> =
/// one output element merged (a registered add of the accumulator width).
/// </summary>
public static class AccumulatorModel
{
    /// <summary>The accumulator lanes' cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, long instances) =>
        new RegisteredAdder(t, bits).Cost(ComponentNames.Accumulator, ComponentClasses.Accumulator, ActionNames.Add, instances);
}
