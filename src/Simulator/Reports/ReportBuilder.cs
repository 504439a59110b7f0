using CimSim.Components.Costs;
using CimSim.Simulator.Replay;
using CimSim.Workloads.Tracing;

namespace CimSim.Simulator.Reports;

/// <summary>
/// Turns what happened (the trace's data-dependent counts and the replay's timing and movement counts) into
/// what it cost (each component's energy per action, area and leakage), Accelergy-style:
/// energy = Σ count × energy/action + Σ leakage × latency; area = Σ instances × area.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// Builds the report of <paramref name="replay"/> of <paramref name="trace"/> on a chip made of
    /// <paramref name="components"/>; <paramref name="nameOf"/> gives the component of a kind that serves a
    /// layer (a chip with per-layer peripherals has several ADC kinds, for instance); null: the kind itself.
    /// </summary>
    public static SimulationReport Build(string architecture, IReadOnlyList<ComponentCost> components, NetworkTrace trace,
        ReplayResult replay, ReplayOptions options, Func<string, string, string>? nameOf = null)
    {
        var byName = components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        nameOf ??= (_, kind) => kind;
        var layerTallies = new List<ActionTally>[trace.Layers.Count];
        var layerReports = new List<LayerReport>();
        long conversions = 0, decisions = 0, dcimOps = 0, reads = 0, rowActs = 0, clipped = 0, nonZero = 0, macs = 0;

        for (int i = 0; i < trace.Layers.Count; i++)
        {
            var l = trace.Layers[i];
            var r = replay.Layers[i];
            var c = l.Counts;
            var tallies = layerTallies[i] = new List<ActionTally>();
            bool adc = byName.ContainsKey(nameOf(l.Name, "adc"));
            void Add(string kind, string action, long count)
            {
                if (count == 0) return;
                string component = nameOf(l.Name, kind);
                if (!byName.TryGetValue(component, out var comp))
                    throw new InputException($"layer '{l.Name}' needs a '{component}' but the chip '{architecture}' has none");
                tallies.Add(new ActionTally(component, comp.ComponentClass, action, count, comp[action].EnergyPj));
            }

            if (l.Mapping is { } m)
            {
                long physicalColumns = 0;
                for (int cb = 0; cb < m.ColumnBlocks; cb++) physicalColumns += m.ColumnsInBlock[cb];
                Add("crossbar", "read", m.InputVectors * m.InputSlices * m.RowBlocks * physicalColumns);
                Add("dac", "drive", c.RowActivations);
                if (adc)
                {
                    Add("adc", "convert", c.ColumnReads);
                    Add("shift_add", "shift_add", c.ColumnReads);
                    conversions += c.ColumnReads;
                }
                else
                {
                    Add("comparator", "decide", c.ColumnReads);
                    bool zeroSkipping = byName.TryGetValue(nameOf(l.Name, "dcim"), out var d) && d is DcimCost { ZeroSkipping: true };
                    long work = zeroSkipping ? c.NonZeroOutputs : c.ColumnReads;
                    Add("dcim", "accumulate", work);
                    decisions += c.ColumnReads;
                    dcimOps += work;
                }
            }
            if (l.Sources.Contains(-1))
                Add("global_buffer", "read", Ceil(l.Input.Elements * Math.Max(1, l.InputBits), Width(byName, "global_buffer")));
            Add("accumulator", "add", r.AccumulatorAdds);
            Add("activation", "apply", r.ActivationOps);
            Add("pooling", "apply", r.PoolingOps);
            Add("pe_buffer", "read", r.PeBufferReads);
            Add("pe_buffer", "write", r.PeBufferWrites);
            Add("tile_buffer", "read", r.TileBufferReads);
            Add("tile_buffer", "write", r.TileBufferWrites);
            Add("global_buffer", "write", r.GlobalBufferWrites);
            Add("htree", "transfer", r.HTreeFlits);
            Add("mesh", "hop", r.MeshFlitHops);

            reads += c.CrossbarReads; rowActs += c.RowActivations; clipped += c.AdcClipped; nonZero += c.NonZeroOutputs; macs += l.Macs;
            layerReports.Add(new LayerReport(l.Name, l.Op.ToString(), r.StartPs / 1e3, r.EndPs / 1e3, r.LatencyPs / 1e3,
                tallies.Sum(t => t.EnergyPj), l.Macs, c.CrossbarReads, c.ColumnReads, c.NonZeroOutputs, l.Mapping?.CrossbarsUsed ?? 0, l.SqnrDb));
        }

        // Merge tallies of all layers by (component, action), in the order the chip lists its components.
        var merged = new List<ActionTally>();
        foreach (var comp in components)
            foreach (var action in comp.Actions.Keys.Order(StringComparer.Ordinal))
            {
                long count = layerTallies.Sum(list => list.Where(t => t.Component == comp.Name && t.Action == action).Sum(t => t.Count));
                if (count > 0) merged.Add(new ActionTally(comp.Name, comp.ComponentClass, action, count, comp[action].EnergyPj));
            }

        double latencyNs = replay.TotalPs / 1e3;
        var classes = components.Select(c => c.ComponentClass).Distinct().ToList();
        var energy = classes.Select(cls => KeyValuePair.Create(cls, merged.Where(t => t.ComponentClass == cls).Sum(t => t.EnergyPj))).ToList();
        // Leakage: µW × ns = 1e−15 J = 1e−3 pJ.
        double leakagePj = components.Sum(c => c.TotalLeakageUw) * latencyNs * 1e-3;
        energy.Add(KeyValuePair.Create("leakage", leakagePj));
        var area = classes.Select(cls => KeyValuePair.Create(cls, components.Where(c => c.ComponentClass == cls).Sum(c => c.TotalAreaMm2))).ToList();
        double energyPj = energy.Sum(kv => kv.Value), areaMm2 = area.Sum(kv => kv.Value);

        var counts = new List<KeyValuePair<string, long>>
        {
            new("macs", macs),
            new("crossbar_reads", reads),
            new("row_activations", rowActs),
            new("adc_conversions", conversions),
            new("adc_clipped", clipped),
            new("comparator_decisions", decisions),
            new("nonzero_outputs", nonZero),
            new("dcim_ops", dcimOps),
            new("accumulator_adds", replay.Layers.Sum(l => l.AccumulatorAdds)),
            new("activation_ops", replay.Layers.Sum(l => l.ActivationOps)),
            new("pooling_ops", replay.Layers.Sum(l => l.PoolingOps)),
            new("htree_flits", replay.Layers.Sum(l => l.HTreeFlits)),
            new("mesh_flit_hops", replay.Layers.Sum(l => l.MeshFlitHops)),
            new("output_vectors", replay.Layers.Sum(l => l.Vectors)),
        };
        return new SimulationReport(architecture, trace.Network, trace.Dataset,
            options.Schedule == LayerSchedule.Pipelined ? "pipelined" : "layer-by-layer", options.Detailed,
            ReportMetrics.Totals(energyPj, latencyNs, areaMm2, macs), energy, area, counts, layerReports, merged, replay.EventsProcessed);
    }

    private static int Width(Dictionary<string, ComponentCost> byName, string name) =>
        byName.TryGetValue(name, out var c) && c is BufferCost b ? b.WidthBits
        : throw new InputException($"the chip has no '{name}' with an access width");

    private static long Ceil(long a, long b) => (a + b - 1) / b;
}
