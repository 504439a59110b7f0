using CimSim.Workloads.Mapping;

namespace CimSim.Search.Space;

/// <summary>
/// The values one searched layer may take, knob by knob. Phase 1 chooses among <see cref="Channels"/>,
/// <see cref="Readouts"/>, <see cref="AdcTypes"/> and <see cref="ColumnSharing"/>; phase 2 among
/// <see cref="AdcBits"/> and <see cref="InputBits"/> with the rest fixed.
/// </summary>
/// <param name="Channels">Output channel counts (a single value when the layer's width is not searched).</param>
/// <param name="Readouts">Readout kinds: adc, binary, ternary.</param>
/// <param name="AdcTypes">ADC types (used with ADC readout).</param>
/// <param name="ColumnSharing">Columns per ADC (used with ADC readout).</param>
/// <param name="AdcBits">ADC resolutions, bits (phase 2; used with ADC readout).</param>
/// <param name="InputBits">Input precisions, bits (phase 2).</param>
public sealed record KnobSet(
    IReadOnlyList<int> Channels,
    IReadOnlyList<ReadoutKind> Readouts,
    IReadOnlyList<AdcType> AdcTypes,
    IReadOnlyList<int> ColumnSharing,
    IReadOnlyList<int> AdcBits,
    IReadOnlyList<int> InputBits)
{
    /// <summary>
    /// Every peripheral structure of phase 1 (readout kind × ADC type × column sharing, ADC at
    /// <paramref name="adcBits"/>), in a fixed order: ADC choices first by type then sharing, then comparators.
    /// </summary>
    public IReadOnlyList<LayerChoice> Phase1Peripherals(int channels, int adcBits, int inputBits)
    {
        var list = new List<LayerChoice>();
        foreach (var kind in Readouts)
        {
            if (kind == ReadoutKind.Adc)
            {
                foreach (var type in AdcTypes)
                    foreach (int m in ColumnSharing)
                        list.Add(LayerChoice.Adc(channels, type, adcBits, m, inputBits));
            }
            else list.Add(LayerChoice.Comparator(channels, kind, inputBits));
        }
        return list;
    }

    /// <summary>Every precision variant of <paramref name="structure"/> in phase 2 (ADC bits × input bits).</summary>
    public IReadOnlyList<LayerChoice> Phase2Variants(LayerChoice structure)
    {
        var list = new List<LayerChoice>();
        foreach (int i in InputBits)
        {
            if (structure.Readout == ReadoutKind.Adc)
                foreach (int b in AdcBits) list.Add(structure with { AdcBits = b, InputBits = i });
            else list.Add(structure with { InputBits = i });
        }
        return list;
    }
}
