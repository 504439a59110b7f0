using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// The peripheral circuits of the tiles that hold one crossbar layer, replacing the chip's readout there
/// (XPert's per-layer choices): YAML <c>layers: [{ layer: NAME, readout: {...} }]</c>, where <c>readout</c> has
/// the fields of the chip's own <c>readout</c> section. The layer's tiles keep everything else of the chip.
/// </summary>
/// <param name="Layer">Name of a crossbar layer of the network.</param>
/// <param name="Choice">The layer's readout (the one readout record, <see cref="ReadoutSpec"/>).</param>
/// <param name="Line">Line of the entry in its YAML file (0 when built in code), for error messages.</param>
public sealed record LayerPeripherals(string Layer, ReadoutSpec Choice, int Line = 0)
{
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
