using CimSim.Components.Costs;
using CimSim.Simulator.Replay;
using CimSim.Workloads.Tracing;

namespace CimSim.Simulator.Reports;

/// <summary>
/// The costing half of the report (Accelergy's join): what happened (<see cref="ActivityCounts"/>: action counts
/// per component instance kind and the replay's latency) × what it costs (each component's energy per action,
/// area and leakage): energy = Σ count × energy/action + Σ leakage × latency; area = Σ instances × area.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// Counts <paramref name="replay"/> of <paramref name="trace"/> (<see cref="ActivityCounter"/>) and costs the
    /// counts on a chip made of <paramref name="components"/>; <paramref name="nameOf"/> gives the component of a
    /// kind that serves a layer (null: the kind itself).
    /// </summary>
    public static SimulationReport Build(string architecture, IReadOnlyList<ComponentCost> components, NetworkTrace trace,
        ReplayResult replay, ReplayOptions options, Func<string, string, string>? nameOf = null) =>
        Cost(architecture, components, ActivityCounter.Count(architecture, components, CountsStructure.Unrecorded, trace, replay, options, nameOf));

    /// <summary>
    /// Costs <paramref name="counts"/> on a chip made of <paramref name="components"/> (a generic join: every
    /// counted (component, action) is looked up by name). The latency is the counts' own (the replay's busy time).
    /// <paramref name="countsFile"/> (null: counts made in this process) names the counts in messages. <paramref name="leakagePj"/>
    /// is the leakage energy where the chip's dataflow charges it by its own rule (null: Σ leakage × latency).
    /// </summary>
    public static SimulationReport Cost(string architecture, IReadOnlyList<ComponentCost> components, ActivityCounts counts, string? countsFile = null,
        double? leakagePj = null)
    {
        var byName = components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var layerReports = new List<LayerReport>(counts.Layers.Count);
        var totalByAction = new Dictionary<(string, string), long>();
        var energyByAction = new Dictionary<(string, string), double>();
        for (int i = 0; i < counts.Layers.Count; i++)
        {
            var l = counts.Layers[i];
            double energy = 0;
            for (int j = 0; j < l.Actions.Count; j++)
            {
                var a = l.Actions[j];
                InputException Error(string field, string reason) =>
                    new(countsFile, 0, 0, countsFile is null ? null : $"layers[{i}].actions[{j}]{field}", reason);
                if (!byName.TryGetValue(a.Component, out var comp))
                    throw Error(".component", $"layer '{l.Name}' needs a '{a.Component}' but the chip '{architecture}' has none");
                if (!comp.Actions.TryGetValue(a.Action, out var unit))
                    throw Error(".action", $"layer '{l.Name}': component '{a.Component}' has no action '{a.Action}'");
                double e;
                try { e = comp.EnergyPj(a.Action, a.Count, a.ByDrivenRows); }
                catch (InvalidOperationException x) { throw Error("", $"layer '{l.Name}': {x.Message}"); }
                energy += e;
                try { totalByAction[(a.Component, a.Action)] = checked(totalByAction.GetValueOrDefault((a.Component, a.Action)) + a.Count); }
                catch (OverflowException) { throw Error(".count", $"the counts of {a.Component}.{a.Action} over the layers pass 2^63"); }
                energyByAction[(a.Component, a.Action)] = energyByAction.GetValueOrDefault((a.Component, a.Action)) + e;
            }
            layerReports.Add(new LayerReport(l.Name, l.Op, l.StartPs / 1e3, l.EndPs / 1e3, l.LatencyPs / 1e3, energy, l.Macs,
                l.CrossbarReads, l.Conversions, l.NonZeroOutputs, l.Crossbars, l.SqnrDb));
        }

        // Merge tallies of all layers by (component, action), in the order the chip lists its components.
        var merged = new List<ActionTally>();
        foreach (var comp in components)
            foreach (var action in comp.Actions.Keys.Order(StringComparer.Ordinal))
                if (totalByAction.TryGetValue((comp.Name, action), out long count) && count > 0)
                    merged.Add(new ActionTally(comp.Name, comp.ComponentClass, action, count,
                        comp.EnergyPjByDrivenRows?.ContainsKey(action) == true ? energyByAction[(comp.Name, action)] / count : comp[action].EnergyPj));

        double latencyNs = counts.LatencyPs / 1e3;
        var classes = components.Select(c => c.ComponentClass).Distinct().ToList();
        var energyByClass = classes.Select(cls => KeyValuePair.Create(cls, merged.Where(t => t.ComponentClass == cls).Sum(t => t.EnergyPj))).ToList();
        // Leakage: µW × ns = 1e−15 J = 1e−3 pJ.
        energyByClass.Add(KeyValuePair.Create(ComponentClasses.Leakage, leakagePj ?? components.Sum(c => c.TotalLeakageUw) * latencyNs * 1e-3));
        var area = classes.Select(cls => KeyValuePair.Create(cls, components.Where(c => c.ComponentClass == cls).Sum(c => c.TotalAreaMm2))).ToList();
        double energyPj = energyByClass.Sum(kv => kv.Value), areaMm2 = area.Sum(kv => kv.Value);

        return new SimulationReport(architecture, counts.Network, counts.Dataset, counts.Schedule, counts.Detailed,
            ReportMetrics.Totals(energyPj, latencyNs, areaMm2, counts.Totals.GetValueOrDefault("macs")), energyByClass, area,
            counts.Totals.Select(kv => KeyValuePair.Create(kv.Key, kv.Value)).ToList(), layerReports, merged, counts.EventsProcessed);
    }
}
