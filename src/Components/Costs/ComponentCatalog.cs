namespace CimSim.Components.Costs;

/// <summary>The component kinds a chip is built from: each name, its report class and its actions.</summary>
public static class ComponentCatalog
{
    /// <summary>One kind of component.</summary>
    /// <param name="Name">Instance kind as it appears in reports and YAML <c>overrides</c>.</param>
    /// <param name="ComponentClass">Report class (DESIGN.md §5).</param>
    /// <param name="Actions">Names of its actions (empty for area/leakage-only components): every model prices them.</param>
    /// <param name="ModelActions">Further actions that only some models price, for what only those models' chips do (NeuroSim's
    /// layer-serial dataflow prices its bit counts on the <c>neurosim-v14</c> H-tree; a chip needing them requires that model; the
    /// <c>neurosim-v14</c> subarray's ADC and shift-add price whole-subarray reads, counted only where a model prices them).</param>
    public sealed record Entry(string Name, string ComponentClass, IReadOnlyList<string> Actions, IReadOnlyList<string>? ModelActions = null)
    {
        /// <summary>Every action a model of this kind may price.</summary>
        public IReadOnlyList<string> AllActions => ModelActions is null ? Actions : [.. Actions, .. ModelActions];
    }

    /// <summary>All kinds, in report order.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        new(ComponentNames.Crossbar, ComponentClasses.Crossbar, [ActionNames.Read]),
        new(ComponentNames.Dac, ComponentClasses.Dac, [ActionNames.Drive]),
        new(ComponentNames.Adc, ComponentClasses.Adc, [ActionNames.Convert], [ActionNames.ArrayRead]),
        new(ComponentNames.Comparator, ComponentClasses.Comparator, [ActionNames.Decide]),
        new(ComponentNames.Dcim, ComponentClasses.Dcim, [ActionNames.Accumulate]),
        new(ComponentNames.ShiftAdd, ComponentClasses.ShiftAdd, [ActionNames.ShiftAdd], [ActionNames.ArrayRead]),
        new(ComponentNames.Accumulator, ComponentClasses.Accumulator, [ActionNames.Add, ActionNames.MergeSlice]),
        new(ComponentNames.PeBuffer, ComponentClasses.Buffer, [ActionNames.Read, ActionNames.Write]),
        new(ComponentNames.TileBuffer, ComponentClasses.Buffer, [ActionNames.Read, ActionNames.Write]),
        new(ComponentNames.GlobalBuffer, ComponentClasses.Buffer, [ActionNames.Read, ActionNames.Write]),
        new(ComponentNames.HTree, ComponentClasses.Interconnect, [ActionNames.Transfer, ActionNames.Collect],
            [ActionNames.TreeSend, ActionNames.TreeReturn, ActionNames.PeSend, ActionNames.PeReturn, ActionNames.BusSend, ActionNames.BusReturn]),
        new(ComponentNames.Mesh, ComponentClasses.Interconnect, [ActionNames.Hop]),
        new(ComponentNames.Activation, ComponentClasses.Activation, [ActionNames.Apply]),
        new(ComponentNames.Pooling, ComponentClasses.Pooling, [ActionNames.Apply]),
        new(ComponentNames.Control, ComponentClasses.Control, []),
    ];

    /// <summary>The catalog entry of <paramref name="name"/> (its class), for models that name themselves.</summary>
    public static Entry Get(string name) => Find(name) ?? throw new ArgumentException($"unknown component '{name}'", nameof(name));

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public static Entry? Find(string name)
    {
        foreach (var e in All) if (e.Name == name) return e;
        return null;
    }
}
