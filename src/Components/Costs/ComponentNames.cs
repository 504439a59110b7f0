namespace CimSim.Components.Costs;

/// <summary>
/// Component kind names: how a component is named in reports, YAML <c>overrides</c> and <c>models</c>, counts
/// files and the cost step. One constant per kind; <see cref="ComponentCatalog"/> lists them with their actions.
/// </summary>
public static class ComponentNames
{
    public const string Crossbar = "crossbar";
    public const string Dac = "dac";
    public const string Adc = "adc";
    public const string Comparator = "comparator";
    public const string Dcim = "dcim";
    public const string ShiftAdd = "shift_add";
    public const string Accumulator = "accumulator";
    public const string PeBuffer = "pe_buffer";
    public const string TileBuffer = "tile_buffer";
    public const string GlobalBuffer = "global_buffer";
    public const string HTree = "htree";
    public const string Mesh = "mesh";
    public const string Activation = "activation";
    public const string Pooling = "pooling";
    public const string Control = "control";
}

/// <summary>Report classes (DESIGN.md §5): several kinds may share one (the three buffers are <c>buffer</c>).</summary>
public static class ComponentClasses
{
    public const string Crossbar = ComponentNames.Crossbar;
    public const string Dac = ComponentNames.Dac;
    public const string Adc = ComponentNames.Adc;
    public const string Comparator = ComponentNames.Comparator;
    public const string Dcim = ComponentNames.Dcim;
    public const string ShiftAdd = ComponentNames.ShiftAdd;
    public const string Accumulator = ComponentNames.Accumulator;
    public const string Buffer = "buffer";
    public const string Interconnect = "interconnect";
    public const string Activation = ComponentNames.Activation;
    public const string Pooling = ComponentNames.Pooling;
    public const string Control = ComponentNames.Control;
    /// <summary>Not a component class: the energy-by-class entry that holds Σ leakage × latency.</summary>
    public const string Leakage = "leakage";
}

/// <summary>Action names: what a component does once (its unit energy and latency are per action).</summary>
public static class ActionNames
{
    /// <summary>Crossbar: one column read; buffers: one access of the buffer's width.</summary>
    public const string Read = "read";
    /// <summary>Buffers: one access of the buffer's width.</summary>
    public const string Write = "write";
    /// <summary>DAC: one row driven with a non-zero input slice.</summary>
    public const string Drive = "drive";
    /// <summary>ADC: one conversion.</summary>
    public const string Convert = "convert";
    /// <summary>Comparator bank: one decision of one column.</summary>
    public const string Decide = "decide";
    /// <summary>DCiM unit: one scale-factor add.</summary>
    public const string Accumulate = "accumulate";
    /// <summary>Shift-and-add: one conversion merged.</summary>
    public const string ShiftAdd = "shift_add";
    /// <summary>Accumulator: one output element merged across row blocks (and a bias or residual add).</summary>
    public const string Add = "add";
    /// <summary>Accumulator: one more readout column (weight slice, or the − column of a differential pair) merged into
    /// its output element within a row block.</summary>
    public const string MergeSlice = "merge_slice";
    /// <summary>H-tree: one flit root → PE (activations toward the arrays).</summary>
    public const string Transfer = "transfer";
    /// <summary>H-tree: one flit PE → root (a PE's partial sums toward the tile's reduction).</summary>
    public const string Collect = "collect";
    /// <summary>Mesh: one flit over one hop.</summary>
    public const string Hop = "hop";
    /// <summary>H-tree (NeuroSim's layer-serial dataflow, <c>neurosim-v14</c>): one bit root → PE over the tree, per bit.</summary>
    public const string TreeSend = "tree_send";
    /// <summary>H-tree (as <see cref="TreeSend"/>): one bit PE → root.</summary>
    public const string TreeReturn = "tree_return";
    /// <summary>H-tree (as <see cref="TreeSend"/>): one bit along a PE's input bus to its subarrays.</summary>
    public const string PeSend = "pe_send";
    /// <summary>H-tree (as <see cref="TreeSend"/>): one bit along a PE's output bus from its subarrays.</summary>
    public const string PeReturn = "pe_return";
    /// <summary>H-tree (as <see cref="TreeSend"/>): one bit over one of this tile kind's pitches of the chip's X-Y bus, toward the tiles.</summary>
    public const string BusSend = "bus_send";
    /// <summary>H-tree (as <see cref="TreeSend"/>): one bit over one tile pitch of the X-Y bus, back to the global buffer.</summary>
    public const string BusReturn = "bus_return";
    /// <summary>ADC and shift-add (<c>neurosim-v14</c>): one read of the whole subarray the unit belongs to, for the periphery
    /// NeuroSim clocks on every read whatever columns a layer maps (switch-matrix register, column mux and its decoder,
    /// every shift-add unit).</summary>
    public const string ArrayRead = "array_read";
    /// <summary>Activation / pooling: one element.</summary>
    public const string Apply = "apply";
}
