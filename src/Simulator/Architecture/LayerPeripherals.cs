using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// The tiles that hold one crossbar layer, where they differ from the chip's: their readout (XPert's per-layer
/// choices) and their shape (NeuroSim's floorplan, whose novel-mapping tiles hold one PE per kernel position beside
/// conventional tiles). YAML <c>layers: [{ layer: NAME, readout: {...}, hierarchy: {...}, interconnect: {...} }]</c>:
/// <c>readout</c> has the fields of the chip's own <c>readout</c> section; <c>hierarchy</c> takes <c>pes_per_tile</c> and
/// <c>crossbars_per_pe</c> (default the chip's) and <c>tiles</c> (the tiles the layer is given; default as many as it
/// needs); <c>interconnect</c> takes <c>htree: { width_bits }</c>, the H-tree of the layer's tiles (NeuroSim's tile
/// H-tree is as wide as its PEs: 2 × 512 bits on a 2×2 conventional tile, 9 × 512 on a 9-PE novel-mapping tile). The
/// layer's tiles keep everything else of the chip.
/// </summary>
/// <param name="Layer">Name of a crossbar layer of the network.</param>
/// <param name="Choice">The layer's readout (the one readout record, <see cref="ReadoutSpec"/>; the chip's when the entry gives none).</param>
/// <param name="Line">Line of the entry in its YAML file (0 when built in code), for error messages.</param>
public sealed record LayerPeripherals(string Layer, ReadoutSpec Choice, int Line = 0)
{
    /// <summary>The layer's own tiles (null: the chip's shape, as many as the layer needs).</summary>
    public LayerTiling? Tiling { get; init; }
    /// <summary>The H-tree width of the layer's tiles, bits (null: the chip's).</summary>
    public int? HTreeWidthBits { get; init; }

    /// <summary>Sets <paramref name="layer"/>'s tiles in <paramref name="entries"/>: its entry's, or a new one with the chip's
    /// readout <paramref name="chipReadout"/>.</summary>
    public static void SetTiles(List<LayerPeripherals> entries, string layer, ReadoutSpec chipReadout, LayerTiling tiling, int? htreeWidthBits)
    {
        int i = entries.FindIndex(p => p.Layer == layer);
        var entry = (i < 0 ? new LayerPeripherals(layer, chipReadout) : entries[i]) with { Tiling = tiling, HTreeWidthBits = htreeWidthBits };
        if (i < 0) entries.Add(entry); else entries[i] = entry;
    }

    /// <summary>A layer's peripherals from the readout's fields.</summary>
    public LayerPeripherals(string layer, ReadoutKind readout, AdcType? adcType, int adcBits, int columnSharing, int line = 0)
        : this(layer, new ReadoutSpec(readout, adcType, adcBits, columnSharing), line) { }

    /// <summary>Readout kind on the layer's tiles.</summary>
    public ReadoutKind Readout => Choice.Kind;
    /// <summary>ADC type (ADC readout only).</summary>
    public AdcType? AdcType => Choice.AdcType;
    /// <summary>ADC resolution, bits (ADC readout only; else 0).</summary>
    public int AdcBits => Choice.AdcBits;
    /// <summary>Columns per ADC (ADC readout only; else 1).</summary>
    public int ColumnSharing => Choice.ColumnSharing;
}
