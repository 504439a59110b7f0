using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>
/// Max/average-pooling lanes. Action <c>apply</c> = one input element compared with (or added to) the running
/// value: a registered add of the activation width (a comparison is a subtraction).
/// </summary>
public static class PoolingModel
{
    /// <summary>The pooling lanes' cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, long instances) =>
        new RegisteredAdder(t, bits).Cost(ComponentNames.Pooling, ComponentClasses.Pooling, ActionNames.Apply, instances);
}
