namespace CimSim.Components.Costs;

/// <summary>
/// User-supplied replacement for some of a component's unit costs (YAML <c>overrides</c>). Any value left
/// null keeps the model's number; <see cref="Source"/> says where the replacement comes from.
/// </summary>
/// <param name="EnergyPj">Action → energy per action, pJ.</param>
/// <param name="LatencyNs">Action → latency per action, ns.</param>
/// <param name="AreaUm2">Area per instance, µm².</param>
/// <param name="LeakageUw">Leakage per instance, µW.</param>
/// <param name="Source">Where the numbers come from (required).</param>
public sealed record CostOverride(
    IReadOnlyDictionary<string, double> EnergyPj,
    IReadOnlyDictionary<string, double> LatencyNs,
    double? AreaUm2,
    double? LeakageUw,
    string Source)
{
    /// <summary>The cost with this override's numbers in place; the source records both.</summary>
    /// <exception cref="ArgumentException">An action the component does not have.</exception>
    public T Apply<T>(T cost) where T : ComponentCost
    {
        var actions = new Dictionary<string, ActionCost>(cost.Actions);
        foreach (var name in EnergyPj.Keys.Concat(LatencyNs.Keys))
            if (!actions.ContainsKey(name))
                throw new ArgumentException($"component '{cost.Name}' has no action '{name}'", nameof(cost));
        foreach (var (name, c) in cost.Actions)
            actions[name] = new ActionCost(
                EnergyPj.TryGetValue(name, out var e) ? e : c.EnergyPj,
                LatencyNs.TryGetValue(name, out var l) ? l : c.LatencyNs);
        return (T)((ComponentCost)cost with
        {
            Actions = actions,
            AreaUm2 = AreaUm2 ?? cost.AreaUm2,
            LeakageUw = LeakageUw ?? cost.LeakageUw,
            // An overridden energy replaces the model's, data-dependent or not.
            EnergyPjByDrivenRows = cost.EnergyPjByDrivenRows?.Where(kv => !EnergyPj.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            Source = $"override: {Source} (replaces model: {cost.Source})",
        });
    }
}
