using CimSim.Components.Costs;
using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// A chip built from a <see cref="ChipSpec"/>: every component's unit costs (Accelergy-style reference table)
/// with instance counts, overrides applied. Each component's model is chosen by name through
/// <see cref="ComponentModels"/> (preset defaults, YAML <c>models:</c>). Action names and units are listed in docs/MODELS.md; the replay
/// multiplies its action counts by these costs.
/// </summary>
public sealed class ChipModel
{
    /// <summary>The spec the chip was built from.</summary>
    public ChipSpec Spec { get; }
    /// <summary>All components, in report order.</summary>
    public IReadOnlyList<ComponentCost> Components { get; }

    /// <summary>Crossbars: <c>read</c> per active column per read.</summary>
    public ComponentCost Crossbar { get; }
    /// <summary>Row drivers (one per crossbar row): <c>drive</c> per row driven with a non-zero slice.</summary>
    public ComponentCost Dac { get; }
    /// <summary>ADCs: <c>convert</c>; null for comparator readout.</summary>
    public ComponentCost? Adc { get; }
    /// <summary>Comparator banks (one per column): <c>decide</c>; null for ADC readout.</summary>
    public ComponentCost? Comparator { get; }
    /// <summary>DCiM scale-factor units: <c>accumulate</c>; null for ADC readout.</summary>
    public DcimCost? Dcim { get; }
    /// <summary>Shift-and-add (one per ADC): <c>shift_add</c> per conversion; null for comparator readout
    /// (the DCiM unit does the shifted accumulation).</summary>
    public ComponentCost? ShiftAdd { get; }
    /// <summary>Accumulator lanes: <c>add</c> per output element merged.</summary>
    public ComponentCost Accumulator { get; }
    /// <summary>PE buffers: <c>read</c>/<c>write</c> per access.</summary>
    public BufferCost PeBuffer { get; }
    /// <summary>Tile buffers.</summary>
    public BufferCost TileBuffer { get; }
    /// <summary>The global buffer.</summary>
    public BufferCost GlobalBuffer { get; }
    /// <summary>H-trees (one per tile): <c>transfer</c> per flit root → PE.</summary>
    public LinkCost HTree { get; }
    /// <summary>Mesh routers + links (one per tile): <c>hop</c> per flit per hop.</summary>
    public LinkCost Mesh { get; }
    /// <summary>Activation lanes: <c>apply</c> per output element.</summary>
    public ComponentCost Activation { get; }
    /// <summary>Pooling lanes: <c>apply</c> per input element.</summary>
    public ComponentCost Pooling { get; }
    /// <summary>Per-tile control: area and leakage only.</summary>
    public ComponentCost Control { get; }

    /// <summary>Chip area, µm² (Σ instances × area).</summary>
    public double TotalAreaUm2 { get; }
    /// <summary>Chip area, mm².</summary>
    public double TotalAreaMm2 => TotalAreaUm2 * 1e-6;
    /// <summary>Chip leakage, µW (Σ instances × leakage).</summary>
    public double TotalLeakageUw { get; }
    /// <summary>Area per tile used to size the H-tree and mesh links (all per-tile components), µm².</summary>
    public double TileAreaUm2 { get; }

    /// <summary>Area by component class, mm², in report order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> AreaMm2ByClass =>
        Components.GroupBy(c => c.ComponentClass).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.TotalAreaMm2))).ToList();

    /// <summary>Builds the chip; throws <see cref="InputException"/> if the spec breaks a rule.</summary>
    /// <param name="spec">The chip.</param>
    /// <param name="gridTileAreaUm2">The area of the largest tile on the chip when some layers have tiles of their own shape
    /// (<see cref="LayerPeripherals.Tiling"/>): the mesh's links span a grid of that pitch (NeuroSim <c>Chip.cpp</c> sizes its
    /// X-Y bus by max(NM, CM) tile height and width); 0: this chip's own tile.</param>
    public static ChipModel Build(ChipSpec spec, double gridTileAreaUm2 = 0)
    {
        spec.Validate();
        return new ChipModel(spec, gridTileAreaUm2);
    }

    private ChipModel(ChipSpec s, double gridTileAreaUm2)
    {
        Spec = s;
        long xbars = s.TotalCrossbars, pes = (long)s.Tiles * s.PesPerTile;
        ComponentCost Make(string kind, long instances, double tileAreaUm2 = 0) =>
            Apply(ComponentModels.Build(s, kind, instances, tileAreaUm2));

        Crossbar = Make(ComponentNames.Crossbar, xbars);
        Dac = Make(ComponentNames.Dac, xbars * s.Rows);
        if (s.Readout == ReadoutKind.Adc)
        {
            long adcs = xbars * s.Columns / s.ColumnSharing;
            Adc = Make(ComponentNames.Adc, adcs);
            ShiftAdd = Make(ComponentNames.ShiftAdd, adcs);
        }
        else
        {
            Comparator = Make(ComponentNames.Comparator, xbars * s.Columns);
            Dcim = (DcimCost)Make(ComponentNames.Dcim, xbars / s.ReadoutSpec.ScaleFactorUnit!.CrossbarsPerUnit);
        }
        Accumulator = Make(ComponentNames.Accumulator, pes * s.AccumulatorLanesPerPe);
        PeBuffer = (BufferCost)Make(ComponentNames.PeBuffer, pes);
        TileBuffer = (BufferCost)Make(ComponentNames.TileBuffer, s.Tiles);
        GlobalBuffer = (BufferCost)Make(ComponentNames.GlobalBuffer, 1);
        Activation = Make(ComponentNames.Activation, (long)s.Tiles * s.ActivationLanesPerTile);
        Pooling = Make(ComponentNames.Pooling, (long)s.Tiles * s.PoolingLanesPerTile);
        Control = Make(ComponentNames.Control, s.Tiles);

        // Everything except the global buffer lives in the tiles; the links are sized by the tile's side.
        ComponentCost?[] parts = [Crossbar, Dac, Adc, Comparator, Dcim, ShiftAdd, Accumulator, PeBuffer, TileBuffer, GlobalBuffer, Activation, Pooling, Control];
        TileAreaUm2 = parts.Sum(c => c is null || c == GlobalBuffer ? 0 : c.Instances * c.AreaUm2) / s.Tiles;
        HTree = (LinkCost)Make(ComponentNames.HTree, s.Tiles, TileAreaUm2);
        Mesh = (LinkCost)Make(ComponentNames.Mesh, s.Tiles, Math.Max(TileAreaUm2, gridTileAreaUm2));
        var order = ComponentCatalog.All.Select(e => e.Name).ToList();
        Components = parts.Append(HTree).Append(Mesh).OfType<ComponentCost>().OrderBy(c => order.IndexOf(c.Name)).ToList();
        TotalAreaUm2 = Components.Sum(c => c.Instances * c.AreaUm2);
        TotalLeakageUw = Components.Sum(c => c.TotalLeakageUw);
    }

    /// <summary>The component named <paramref name="name"/> (e.g. <c>adc</c>), or null when the chip has none.</summary>
    public ComponentCost? Find(string name) => Components.FirstOrDefault(c => c.Name == name);

    private T Apply<T>(T cost) where T : ComponentCost =>
        Spec.Overrides.TryGetValue(cost.Name, out var o) ? o.Apply(cost) : cost;
}
