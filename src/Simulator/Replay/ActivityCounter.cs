using CimSim.Components.Costs;
using CimSim.Workloads.Tracing;

namespace CimSim.Simulator.Replay;

/// <summary>
/// The counting half of the report (Accelergy's "what happened"): from a trace's data-dependent counts and a
/// replay's timing and movement counts, the action counts of every component instance kind, per layer. No
/// unit cost is read here; which component kinds exist (ADC or comparators, DCiM zero skipping, the global
/// buffer's width) is structure, recorded in <see cref="CountsStructure"/>.
/// </summary>
public static class ActivityCounter
{
    /// <summary>
    /// Counts <paramref name="replay"/> of <paramref name="trace"/> on a chip made of <paramref name="components"/>;
    /// <paramref name="nameOf"/> gives the component of a kind that serves a layer (null: the kind itself).
    /// Totals that would pass 2^63 are an <see cref="InputException"/>, not a wrapped negative number.
    /// </summary>
    public static ActivityCounts Count(string architecture, IReadOnlyList<ComponentCost> components, CountsStructure structure,
        NetworkTrace trace, ReplayResult replay, ReplayOptions options, Func<string, string, string>? nameOf = null)
    {
        try { return CountChecked(architecture, components, structure, trace, replay, options, nameOf); }
        catch (OverflowException)
        {
            throw new InputException(null, 0, 0, "counts",
                $"the counts of {trace.Network} sum past 2^63 (a layer's MACs or reads are not those of a real network); the trace is corrupt or crafted");
        }
    }

    private static ActivityCounts CountChecked(string architecture, IReadOnlyList<ComponentCost> components, CountsStructure structure,
        NetworkTrace trace, ReplayResult replay, ReplayOptions options, Func<string, string, string>? nameOf)
    {
        checked
        {
            var byName = components.ToDictionary(c => c.Name, StringComparer.Ordinal);
            nameOf ??= (_, kind) => kind;
            var layers = new List<LayerActivity>(trace.Layers.Count);
            long conversions = 0, decisions = 0, dcimOps = 0, reads = 0, rowActs = 0, clipped = 0, nonZero = 0, macs = 0;

            for (int i = 0; i < trace.Layers.Count; i++)
            {
                var l = trace.Layers[i];
                var r = replay.Layers[i];
                var c = l.Counts;
                var actions = new List<ActionCount>();
                bool adc = byName.ContainsKey(nameOf(l.Name, ComponentNames.Adc));
                void Add(string kind, string action, long count, long[]? byDrivenRows = null)
                {
                    if (count == 0) return;
                    if (count < 0) throw new OverflowException();
                    string component = nameOf(l.Name, kind);
                    if (!byName.TryGetValue(component, out var comp))
                        throw new InputException($"layer '{l.Name}' needs a '{component}' but the chip '{architecture}' has none");
                    _ = comp[action];
                    actions.Add(new ActionCount(component, action, count) { ByDrivenRows = byDrivenRows });
                }

                if (l.Mapping is { } m)
                {
                    long physicalColumns = 0;
                    for (int cb = 0; cb < m.ColumnBlocks; cb++) physicalColumns += m.ColumnsInBlock[cb];
                    Add(ComponentNames.Crossbar, ActionNames.Read, m.InputVectors * m.InputSlices * m.RowBlocks * physicalColumns);
                    Add(ComponentNames.Dac, ActionNames.Drive, c.RowActivations);
                    if (adc)
                    {
                        Add(ComponentNames.Adc, ActionNames.Convert, c.ColumnReads, l.ReadoutsByDrivenRows);
                        Add(ComponentNames.ShiftAdd, ActionNames.ShiftAdd, c.ColumnReads);
                        // Whole-subarray reads, for the models that price the periphery every read clocks (neurosim-v14).
                        foreach (var kind in new[] { ComponentNames.Adc, ComponentNames.ShiftAdd })
                            if (byName.TryGetValue(nameOf(l.Name, kind), out var unit) && unit.Actions.ContainsKey(ActionNames.ArrayRead))
                                Add(kind, ActionNames.ArrayRead, c.CrossbarReads);
                        conversions += c.ColumnReads;
                    }
                    else
                    {
                        Add(ComponentNames.Comparator, ActionNames.Decide, c.ColumnReads, l.ReadoutsByDrivenRows);
                        bool zeroSkipping = byName.TryGetValue(nameOf(l.Name, ComponentNames.Dcim), out var d) && d is DcimCost { ZeroSkipping: true };
                        long work = zeroSkipping ? c.NonZeroOutputs : c.ColumnReads;
                        Add(ComponentNames.Dcim, ActionNames.Accumulate, work);
                        decisions += c.ColumnReads;
                        dcimOps += work;
                    }
                }
                if (r.GlobalBufferReads > 0) Add(ComponentNames.GlobalBuffer, ActionNames.Read, r.GlobalBufferReads);
                else if (l.Sources.Contains(-1))
                    Add(ComponentNames.GlobalBuffer, ActionNames.Read, Ceil(l.Input.Elements * Math.Max(1, l.InputBits), Width(byName, ComponentNames.GlobalBuffer)));
                Add(ComponentNames.Accumulator, ActionNames.Add, r.AccumulatorAdds - r.AccumulatorSliceMerges);
                Add(ComponentNames.Accumulator, ActionNames.MergeSlice, r.AccumulatorSliceMerges);
                Add(ComponentNames.Activation, ActionNames.Apply, r.ActivationOps);
                Add(ComponentNames.Pooling, ActionNames.Apply, r.PoolingOps);
                Add(ComponentNames.PeBuffer, ActionNames.Read, r.PeBufferReads);
                Add(ComponentNames.PeBuffer, ActionNames.Write, r.PeBufferWrites);
                Add(ComponentNames.TileBuffer, ActionNames.Read, r.TileBufferReads);
                Add(ComponentNames.TileBuffer, ActionNames.Write, r.TileBufferWrites);
                Add(ComponentNames.GlobalBuffer, ActionNames.Write, r.GlobalBufferWrites);
                Add(ComponentNames.HTree, ActionNames.Transfer, r.HTreeFlits);
                Add(ComponentNames.HTree, ActionNames.Collect, r.HTreeCollectFlits);
                Add(ComponentNames.Mesh, ActionNames.Hop, r.MeshFlitHops);
                Add(ComponentNames.HTree, ActionNames.TreeSend, r.TreeSendBits);
                Add(ComponentNames.HTree, ActionNames.TreeReturn, r.TreeReturnBits);
                Add(ComponentNames.HTree, ActionNames.PeSend, r.PeSendBits);
                Add(ComponentNames.HTree, ActionNames.PeReturn, r.PeReturnBits);
                Add(ComponentNames.HTree, ActionNames.BusSend, r.BusSendBitPitches);
                Add(ComponentNames.HTree, ActionNames.BusReturn, r.BusReturnBitPitches);

                if (l.Macs < 0 || c.CrossbarReads < 0 || c.ColumnReads < 0 || c.NonZeroOutputs < 0 || c.RowActivations < 0 || c.AdcClipped < 0)
                    throw new OverflowException();
                reads += c.CrossbarReads; rowActs += c.RowActivations; clipped += c.AdcClipped; nonZero += c.NonZeroOutputs; macs += l.Macs;
                layers.Add(new LayerActivity(l.Name, l.Op.ToString(), r.StartPs, r.EndPs, r.LatencyPs, l.Macs, c.CrossbarReads, c.ColumnReads,
                    c.NonZeroOutputs, l.Mapping?.CrossbarsUsed ?? 0, l.SqnrDb, actions));
            }
            _ = 2 * macs; // ops = 2 × MACs must fit too

            var totals = new Dictionary<string, long>
            {
                ["macs"] = macs,
                ["crossbar_reads"] = reads,
                ["row_activations"] = rowActs,
                ["adc_conversions"] = conversions,
                ["adc_clipped"] = clipped,
                ["comparator_decisions"] = decisions,
                ["nonzero_outputs"] = nonZero,
                ["dcim_ops"] = dcimOps,
                ["accumulator_adds"] = Sum(replay, l => l.AccumulatorAdds),
                ["accumulator_slice_merges"] = Sum(replay, l => l.AccumulatorSliceMerges),
                ["activation_ops"] = Sum(replay, l => l.ActivationOps),
                ["pooling_ops"] = Sum(replay, l => l.PoolingOps),
                ["htree_flits"] = Sum(replay, l => l.HTreeFlits),
                ["htree_collect_flits"] = Sum(replay, l => l.HTreeCollectFlits),
                ["mesh_flit_hops"] = Sum(replay, l => l.MeshFlitHops),
                ["output_vectors"] = Sum(replay, l => l.Vectors),
            };
            return new ActivityCounts(ActivityCounts.SchemaName, architecture, trace.Network, trace.Dataset,
                options.Schedule == LayerSchedule.Pipelined ? "pipelined" : "layer-by-layer", options.Detailed,
                replay.TotalPs, replay.EventsProcessed, structure, totals, layers) { BusyTimes = replay.BusyTimes };
        }
    }

    private static long Sum(ReplayResult replay, Func<LayerReplay, long> value)
    {
        long sum = 0;
        foreach (var l in replay.Layers) sum = checked(sum + value(l));
        return sum;
    }

    private static int Width(Dictionary<string, ComponentCost> byName, string name) =>
        byName.TryGetValue(name, out var c) && c is BufferCost b ? b.WidthBits
        : throw new InputException($"the chip has no '{name}' with an access width");

    private static long Ceil(long a, long b) => checked((a + b - 1) / b);
}
