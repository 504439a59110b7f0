using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>
/// Partial-sum accumulator lanes of a PE: merge outputs across row blocks and crossbars. Actions <c>add</c> (one
/// output element merged across row blocks) and <c>merge_slice</c> (one more weight-slice column merged into its
/// output) are each a registered add of the accumulator width.
/// </summary>
public static class AccumulatorModel
{
    /// <summary>The accumulator lanes' cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, long instances)
    {
        var cost = new RegisteredAdder(t, bits).Cost(ComponentNames.Accumulator, ComponentClasses.Accumulator, ActionNames.Add, instances);
        return cost with { Actions = new Dictionary<string, ActionCost> { [ActionNames.Add] = cost[ActionNames.Add], [ActionNames.MergeSlice] = cost[ActionNames.Add] } };
    }
}
