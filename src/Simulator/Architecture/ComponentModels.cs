using CimSim.Components.Costs;
using CimSim.Components.Crossbar;
using CimSim.Components.Digital;
using CimSim.Components.Interconnect;
using CimSim.Components.Memory;
using CimSim.Components.NeuroSim;
using CimSim.Components.Readout;
using CimSim.Components.ScaleFactor;
using CimSim.Components.Technology;
using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>What a component model is given: the (tile group's) spec, its technology and how many instances exist.</summary>
/// <param name="Spec">The homogeneous chip (or tile group) being built.</param>
/// <param name="Tech">Technology constants of <paramref name="Spec"/>.</param>
/// <param name="Kind">Component kind being built (<see cref="ComponentNames"/>): the buffers share implementations.</param>
/// <param name="Instances">Instances on the chip (or tile group).</param>
/// <param name="TileAreaUm2">Area of one tile's other components, µm² (only the H-tree and mesh read it).</param>
public sealed record ModelInputs(ChipSpec Spec, TechnologyNode Tech, string Kind, long Instances, double TileAreaUm2 = 0)
{
    /// <summary>Clock period, ns.</summary>
    public double ClockNs => Spec.ClockPeriodNs;
    /// <summary>Switching energy of one latch comparator, fJ (YAML or the node's default).</summary>
    public double ComparatorEnergyFj => Spec.ReadoutSpec.Comparator.EnergyFj ?? SenseAmpBank.DefaultComparatorEnergyFj(Tech);
}

/// <summary>
/// The named, swappable component models (Ramulator 2's <c>impl:</c>): per component kind, implementation name →
/// model. A chip picks one per kind: its <c>technology.preset</c> gives the defaults (<see cref="DefaultName"/>),
/// YAML <c>models: { KIND: NAME }</c> replaces any of them. To add a model: write it in src/Components (a static
/// <c>Cost</c> method returning a <see cref="ComponentCost"/> named by <see cref="ComponentNames"/>), add one
/// row to <see cref="Table"/> below, and document its sources in docs/MODELS.md.
/// </summary>
public static class ComponentModels
{
    /// <summary>One implementation of one component kind.</summary>
    /// <param name="Kind">Component kind (<see cref="ComponentNames"/>).</param>
    /// <param name="Name">Implementation name, as YAML <c>models:</c> gives it.</param>
    /// <param name="Build">The model: unit costs and instances. Buffers return <see cref="BufferCost"/>, the
    /// DCiM unit <see cref="DcimCost"/>, the H-tree and mesh <see cref="LinkCost"/>.</param>
    /// <param name="Summary">One line: what it models and where its numbers come from.</param>
    public sealed record Implementation(string Kind, string Name, Func<ModelInputs, ComponentCost> Build, string Summary);

    /// <summary>Family names used by the presets.</summary>
    public const string NeuroSim = "neurosim", Puma = "puma", NeuroSimSar = "neurosim-sar", NeuroSimFlash = "neurosim-flash",
        NeuroSimSram = "neurosim-sram", PumaEdram = "puma-edram";

    /// <summary>Every registered implementation. One row per (kind, name).</summary>
    public static IReadOnlyList<Implementation> Table { get; } =
    [
        new(ComponentNames.Crossbar, NeuroSim, i => CrossbarModel.NeuroSim(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns, i.Spec.ReadVoltageV, i.Spec.CrossbarReadTimeNs, i.Instances),
            "NeuroSim cell geometry, read = C_col·V_read²"),
        // NeuroSim V1.4 subarray family (src/Components/NeuroSim, docs/MODELS.md §7): SRAM, parallel read, MLSA or SAR ADC.
        new(ComponentNames.Crossbar, NeuroSimSubArrayCosts.Name, i => NeuroSimSubArrayCosts.Crossbar(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns,
                i.Spec.ColumnSharing, i.Spec.AdcBits, i.Spec.ReadVoltageV, i.Spec.WeightBits / i.Spec.BitsPerCell, i.Spec.InputSlices,
                i.Spec.CrossbarReadTimeNs, i.Instances, i.Spec.AdcType == AdcType.Sar), "NeuroSim V1.4 SubArray cell array (F = node)"),
        new(ComponentNames.Dac, NeuroSimSubArrayCosts.Name, i => NeuroSimSubArrayCosts.RowDriver(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns,
                i.Spec.ColumnSharing, i.Spec.AdcBits, i.Spec.ReadVoltageV, i.Spec.DacBits, i.Instances), "NeuroSim V1.4 word line + WL switch matrix per driven row"),
        new(ComponentNames.Adc, NeuroSimSubArrayCosts.Name, i => NeuroSimSubArrayCosts.SenseAmp(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns,
                i.Spec.ColumnSharing, i.Spec.AdcBits, i.Spec.ReadVoltageV, i.Spec.ColumnResistanceOhm, i.Instances, i.Spec.AdcType == AdcType.Sar),
            "NeuroSim V1.4 MultilevelSenseAmp with reference columns (flash) or SarADC (sar), mux"),
        new(ComponentNames.ShiftAdd, NeuroSimSubArrayCosts.Name, i => NeuroSimSubArrayCosts.ShiftAdd(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns,
                i.Spec.ColumnSharing, i.Spec.AdcBits, i.Spec.ReadVoltageV, i.Spec.WeightBits / i.Spec.BitsPerCell, i.Spec.InputSlices,
                ShiftAddModel.NeuroSim(i.Tech, i.Spec.ShiftAddWidthBits, i.Instances)), "NeuroSim V1.4 ShiftAdd per read / columns"),
        new(ComponentNames.Crossbar, Puma, i => CrossbarModel.Puma(i.Spec.Rows, i.Spec.Columns, i.Spec.CrossbarReadTimeNs, i.Instances),
            "PUMA constants.py xbar_ip"),
        new(ComponentNames.Dac, NeuroSim, i => DacModel.NeuroSim(i.Tech, i.Spec.Device, i.Spec.Columns, i.Spec.DacBits, i.Instances),
            "row wire C·V_dd² + unit drivers"),
        new(ComponentNames.Dac, Puma, i => DacModel.Puma(i.Instances), "PUMA constants.py dac"),
        new(ComponentNames.Adc, NeuroSimSar, i => SarAdcModel.Cost(i.Tech, i.Spec.AdcBits, i.Spec.ColumnResistanceOhm, i.Spec.ReadVoltageV, i.Instances),
            "NeuroSim SarADC.cpp"),
        new(ComponentNames.Adc, NeuroSimFlash, i => FlashAdcModel.Cost(i.Tech, i.Spec.AdcBits, i.ComparatorEnergyFj, i.Spec.ColumnResistanceOhm, i.Spec.ReadVoltageV, i.Spec.ReadoutSpec.Comparator.SenseTimeNs, i.Instances),
            "NeuroSim MultilevelSenseAmp.cpp (2^bits − 1 comparators)"),
        new(ComponentNames.Adc, Puma, i => PumaAdcModel.Cost(i.Spec.AdcBits, i.Instances), "PUMA constants.py adc"),
        new(ComponentNames.Comparator, NeuroSim, i => ComparatorBankModel.Cost(i.Tech, i.Spec.ComparatorsPerColumn, i.ComparatorEnergyFj, i.Spec.ColumnResistanceOhm, i.Spec.ReadVoltageV, i.Spec.ReadoutSpec.Comparator.SenseTimeNs, i.Instances),
            "NeuroSim MultilevelSenseAmp.cpp, 1 or 2 comparators per column"),
        new(ComponentNames.Dcim, NeuroSim, i => DcimModel.Cost(i.Tech, DcimParameters(i.Spec.ReadoutSpec.ScaleFactorUnit!), i.ClockNs, i.Instances),
            "SRAM array (NeuroSim cell) + registered adder lanes"),
        new(ComponentNames.ShiftAdd, NeuroSim, i => ShiftAddModel.NeuroSim(i.Tech, i.Spec.ShiftAddWidthBits, i.Instances), "registered adder"),
        new(ComponentNames.ShiftAdd, Puma, i => ShiftAddModel.Puma(i.Instances), "PUMA constants.py sna"),
        new(ComponentNames.Accumulator, NeuroSimSubArrayCosts.Name, i => NeuroSimAdderTree.Cost(i.Tech, i.Spec.AccumulatorBits, i.ClockNs, i.Instances),
            "NeuroSim V1.4 AdderTree.cpp adders (δ = 0.15); weight slices merged by the neurosim-v14 shift-add"),
        new(ComponentNames.Accumulator, NeuroSim, i => AccumulatorModel.Cost(i.Tech, i.Spec.AccumulatorBits, i.Instances), "registered adder"),
        .. Buffers(ComponentNames.PeBuffer, s => (s.PeBufferBytes, s.PeBufferWidthBits)),
        .. Buffers(ComponentNames.TileBuffer, s => (s.TileBufferBytes, s.TileBufferWidthBits)),
        .. Buffers(ComponentNames.GlobalBuffer, s => (s.GlobalBufferBytes, s.GlobalBufferWidthBits)),
        new(ComponentNames.HTree, NeuroSim, i => HTreeModel.Cost(i.Tech, i.Spec.HTreeWidthBits, i.Spec.PesPerTile, i.TileAreaUm2, i.Spec.HTreeLatencyCycles * i.ClockNs, i.Instances),
            "H-tree wires sized by the tile's side"),
        new(ComponentNames.HTree, NeuroSimSubArrayCosts.Name, i =>
            {
                var (w, h) = i.Spec.Device == CellDevice.Sram && i.Spec.UsesAdc
                    ? NeuroSimSubArrayCosts.Size(i.Tech, i.Spec.Device, i.Spec.Rows, i.Spec.Columns, i.Spec.ColumnSharing, i.Spec.AdcBits, i.Spec.ReadVoltageV,
                        i.Spec.WeightBits / i.Spec.BitsPerCell, i.Spec.InputSlices, i.Spec.AdcType == AdcType.Sar)
                    : (0, 0);
                return NeuroSimInterconnect.HTree(i.Tech, i.Spec.HTreeWidthBits, i.Spec.PesPerTile, i.Spec.CrossbarsPerPe, i.TileAreaUm2,
                    i.Spec.HTreeLatencyCycles * i.ClockNs, i.Instances, w, h);
            }, "NeuroSim V1.4 HTree.cpp + Bus.cpp PE buses (repeated wires, toggles 0.18 in, 0.5 back)"),
        new(ComponentNames.Mesh, NeuroSimSubArrayCosts.Name, i => NeuroSimInterconnect.Bus(i.Tech, i.Spec.MeshWidthBits, i.TileAreaUm2,
                i.Spec.MeshHopLatencyCycles * i.ClockNs, i.Instances), "NeuroSim V1.4 XYBus.cpp: repeated wire, no router, output toggle 0.5"),
        new(ComponentNames.Mesh, Puma, i => MeshModel.Cost(i.Tech, i.Spec.MeshWidthBits, i.TileAreaUm2, i.Spec.MeshHopLatencyCycles * i.ClockNs, i.Instances),
            "PUMA 4-port router + tile-side link"),
        new(ComponentNames.Activation, NeuroSim, i => ActivationModel.Cost(i.Tech, i.Spec.ActivationBits, i.ClockNs, i.Instances), "register + gate per bit"),
        new(ComponentNames.Pooling, NeuroSim, i => PoolingModel.Cost(i.Tech, i.Spec.PoolingBits, i.Instances), "registered adder"),
        new(ComponentNames.Control, NeuroSim, i => ControlModel.Cost(i.Tech, i.Spec.ControlGatesPerTile, i.Instances), "gate equivalents per tile"),
    ];

    /// <summary>The DCiM cost model's parameters from the chip's scale-factor unit.</summary>
    private static DcimModel.Parameters DcimParameters(ScaleFactorUnitSpec u) =>
        new(u.Bits, u.ArrayRows, u.ArrayColumns, u.ColumnsPerCycle, u.AccumulatorBits, u.CrossbarsPerUnit, u.ZeroSkipping, u.SramReadEnergyFjPerBit);

    private static Implementation[] Buffers(string kind, Func<ChipSpec, (long Bytes, int Width)> geometry) =>
    [
        new(kind, NeuroSimSram, i => { var (b, w) = geometry(i.Spec); return BufferModel.Sram(i.Tech, i.Kind, b, w, i.ClockNs, i.Instances); },
            "SRAM, 128-row banks"),
        new(kind, PumaEdram, i => { var (b, w) = geometry(i.Spec); return BufferModel.PumaEdram(i.Kind, b, w, i.Instances); },
            "PUMA constants.py edram, scaled"),
        new(kind, NeuroSimSubArrayCosts.Name, i =>
            {
                var (b, w) = geometry(i.Spec);
                return kind == ComponentNames.PeBuffer ? NeuroSimBuffers.DffBank(i.Tech, i.Kind, b, w, i.ClockNs, i.Instances)
                    : NeuroSimBuffers.RegisterFile(i.Tech, i.Kind, b, w, i.ClockNs, i.Instances);
            }, "NeuroSim V1.4: PE buffer a DFF bank, tile and global buffers DFF register files"),
    ];

    /// <summary>The implementation <paramref name="name"/> of <paramref name="kind"/>, or null.</summary>
    public static Implementation? Find(string kind, string name)
    {
        foreach (var m in Table) if (m.Kind == kind && m.Name == name) return m;
        return null;
    }

    /// <summary>Names of the implementations of <paramref name="kind"/>, in table order.</summary>
    public static IReadOnlyList<string> NamesOf(string kind) => Table.Where(m => m.Kind == kind).Select(m => m.Name).ToList();

    /// <summary>The implementation a preset uses for <paramref name="kind"/> (the ADC by the spec's ADC type).</summary>
    public static string DefaultName(string kind, CostPreset preset, AdcType? adcType) => (kind, preset) switch
    {
        (ComponentNames.Adc, _) when adcType == AdcType.Flash => NeuroSimFlash,
        (ComponentNames.Adc, CostPreset.Puma) => Puma,
        (ComponentNames.Adc, _) => NeuroSimSar,
        (ComponentNames.Crossbar or ComponentNames.Dac or ComponentNames.ShiftAdd, CostPreset.Puma) => Puma,
        (ComponentNames.TileBuffer or ComponentNames.GlobalBuffer, CostPreset.Puma) => PumaEdram,
        (ComponentNames.PeBuffer or ComponentNames.TileBuffer or ComponentNames.GlobalBuffer, _) => NeuroSimSram,
        (ComponentNames.Mesh, _) => Puma,
        _ => NeuroSim,
    };

    /// <summary>The implementation name the spec uses for <paramref name="kind"/>: its <c>models:</c> entry, else the preset's.</summary>
    public static string NameFor(ChipSpec spec, string kind) =>
        spec.Models.TryGetValue(kind, out var name) ? name : DefaultName(kind, spec.Preset, spec.AdcType);

    /// <summary>Builds component <paramref name="kind"/> of <paramref name="spec"/> with the chosen implementation.</summary>
    public static ComponentCost Build(ChipSpec spec, string kind, long instances, double tileAreaUm2 = 0)
    {
        var name = NameFor(spec, kind);
        var impl = Find(kind, name) ?? throw new InputException(spec.FileName, 0, 0, $"models.{kind}",
            $"no {kind} model named '{name}'; known: {string.Join(", ", NamesOf(kind))}");
        return impl.Build(new ModelInputs(spec, spec.Technology, kind, instances, tileAreaUm2));
    }
}
