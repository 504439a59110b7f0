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

    /// <summary>
    /// Per action whose energy depends on how many rows the read drove (a column's resistance does: NeuroSim's sense
    /// amplifier, docs/MODELS.md §7.4): energy per action, pJ, at k = 0 … rows driven. Counts that carry a driven-row
    /// histogram are costed Σ n_k·E_k (<see cref="EnergyPj"/>); others at <see cref="ActionCost.EnergyPj"/>. Null: none.
    /// </summary>
    public IReadOnlyDictionary<string, double[]>? EnergyPjByDrivenRows { get; init; }

    /// <summary>Energy of <paramref name="count"/> × <paramref name="action"/>, pJ: from the driven-row table when the
    /// component has one for the action and <paramref name="byDrivenRows"/> (a histogram summing to the count) is given.</summary>
    public double EnergyPj(string action, long count, long[]? byDrivenRows)
    {
        if (byDrivenRows is null || EnergyPjByDrivenRows?.GetValueOrDefault(action) is not { } table) return count * this[action].EnergyPj;
        if (byDrivenRows.Length > table.Length)
            throw new InvalidOperationException($"component '{Name}' prices '{action}' for up to {table.Length - 1} driven rows; the counts have {byDrivenRows.Length - 1}");
        double sum = 0;
        for (int k = 0; k < byDrivenRows.Length; k++) sum += byDrivenRows[k] * table[k];
        return sum;
    }

    /// <summary>The cost of <paramref name="action"/>; throws for an action the component does not have.</summary>
    public ActionCost this[string action] =>
        Actions.TryGetValue(action, out var c) ? c
        : throw new KeyNotFoundException($"component '{Name}' has no action '{action}'");
}
