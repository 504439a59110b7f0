namespace CimSim.Components.Costs;

/// <summary>Energy and latency of one action of one component instance.</summary>
/// <param name="EnergyPj">Dynamic energy per action, picojoules.</param>
/// <param name="LatencyNs">Time the action occupies the instance, nanoseconds.</param>
public readonly record struct ActionCost(double EnergyPj, double LatencyNs);

/// <summary>
/// The cost model of one kind of component on a chip (Accelergy-style reference table row): how many
/// instances exist, area and leakage per instance, and the cost of each named action. Pure data; the
/// simulator multiplies action counts by these costs. Derived records (
/// <see cref="DcimCost"/>, <see cref="BufferCost"/>, <see cref="LinkCost"/>) add the parameters the replay needs.
/// </summary>
/// <param name="Name">Instance kind, e.g. <c>adc</c>, <c>pe_buffer</c>.</param>
/// <param name="ComponentClass">Report class (DESIGN.md §5): crossbar, dac, adc, comparator, dcim, shift_add,
/// accumulator, buffer, interconnect, activation, pooling, control.</param>
/// <param name="Instances">Instances on the whole chip.</param>
/// <param name="AreaUm2">Area per instance, µm².</param>
/// <param name="LeakageUw">Leakage power per instance, µW.</param>
/// <param name="Actions">Action name → cost per action.</param>
/// <param name="Source">Where the numbers come from (model, paper, override note).</param>
public record ComponentCost(
    string Name,
    string ComponentClass,
    long Instances,
    double AreaUm2,
    double LeakageUw,
    IReadOnlyDictionary<string, ActionCost> Actions,
    string Source)
{
    /// <summary>Total area of all instances, mm².</summary>
    public double TotalAreaMm2 => Instances * AreaUm2 * 1e-6;
    /// <summary>Total leakage of all instances, µW.</summary>
    public double TotalLeakageUw => Instances * LeakageUw;

    /// <summary>The cost of <paramref name="action"/>; throws for an action the component does not have.</summary>
    public ActionCost this[string action] =>
        Actions.TryGetValue(action, out var c) ? c
        : throw new KeyNotFoundException($"component '{Name}' has no action '{action}'");
}
