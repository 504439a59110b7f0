using System.Globalization;

namespace CimSim.Workloads.Mapping;

/// <summary>
/// The one readout record: how a crossbar column's partial sum is read — the choice (kind; ADC type, bits and
/// column sharing: YAML <c>readout</c>, a <c>layers[i].readout</c>, a search's per-layer choice) and the circuits
/// behind it (the comparators, <see cref="Comparator"/>; HCiM's scale-factor unit, <see cref="ScaleFactorUnit"/>).
/// Defaults and rules live here and in those two records and nowhere else: the architecture loader, the chip spec,
/// the per-layer peripherals, the compiler's target check and the search space all use <see cref="Problems"/>,
/// <see cref="ChoiceProblems"/> and the ranges below. A layer's choice carries only the choice; its tiles take the
/// chip's comparators and scale-factor unit (<see cref="WithChoice"/>).
/// </summary>
/// <param name="Kind">ADC, or binary/ternary comparators (HCiM).</param>
/// <param name="AdcType">ADC type; null without an ADC.</param>
/// <param name="AdcBits">ADC resolution, bits; 0 without an ADC.</param>
/// <param name="ColumnSharing">Columns converted one after another by one ADC; 1 for comparators (a bank per column).</param>
public sealed record ReadoutSpec(ReadoutKind Kind, AdcType? AdcType = null, int AdcBits = 0, int ColumnSharing = 1)
{
    /// <summary>ADC resolution range, bits. Source: assumption — past every CiM ADC in the reference tools
    /// (NeuroSim, ISAAC and PUMA use ≤ 8 bits), and an ADC code must fit the trace's 16-bit per-read values
    /// (docs/TRACE_FORMAT.md). The functional model itself is exact to 2^29, so the limit is the hardware's.</summary>
    public const int MinAdcBits = 1, MaxAdcBits = 16;

    /// <summary>Column sharing of a comparator readout (a bank per column); an ADC's must be given.</summary>
    public const int DefaultColumnSharing = 1;

    /// <summary>An ADC readout.</summary>
    public static ReadoutSpec Adc(AdcType type, int bits, int columnSharing = DefaultColumnSharing) => new(ReadoutKind.Adc, type, bits, columnSharing);

    /// <summary>A comparator readout (binary or ternary).</summary>
    public static ReadoutSpec Comparators(ReadoutKind kind) => new(kind);

    /// <summary>The latch comparators (a flash ADC's or the comparator bank's): YAML <c>readout.sense_time_ns</c>, <c>readout.comparator_energy_fj</c>.</summary>
    public ComparatorSpec Comparator { get; init; } = ComparatorSpec.Default;

    /// <summary>How the chip's ADCs set their LSB (YAML <c>readout.adc.range</c>): a circuit property of the chip, kept by
    /// <see cref="WithChoice"/> for every layer's ADC choice.</summary>
    public AdcRange AdcRange { get; init; } = AdcRange.Unit;

    /// <summary>The scale-factor unit (YAML <c>scale_factor_unit</c>); null when the chip has none.</summary>
    public ScaleFactorUnitSpec? ScaleFactorUnit { get; init; }

    /// <summary>Bits of α; 0 without a scale-factor unit.</summary>
    public int ScaleFactorBits => ScaleFactorUnit?.Bits ?? 0;

    /// <summary>This readout's circuits (comparators, scale-factor unit) with <paramref name="choice"/>'s kind and ADC.</summary>
    public ReadoutSpec WithChoice(ReadoutSpec choice) =>
        this with { Kind = choice.Kind, AdcType = choice.AdcType, AdcBits = choice.AdcBits, ColumnSharing = choice.ColumnSharing };

    /// <summary>Whether the columns are read by ADCs.</summary>
    public bool IsAdc => Kind == ReadoutKind.Adc;

    /// <summary>Comparators per column: 1 (binary), 2 (ternary), 0 (ADC).</summary>
    public int ComparatorsPerColumn => Kind switch { ReadoutKind.Binary => 1, ReadoutKind.Ternary => 2, _ => 0 };

    /// <summary>
    /// Every rule a chip's readout (<paramref name="prefix"/>, YAML <c>readout</c>) breaks on a chip of
    /// <paramref name="crossbarColumns"/>-column crossbars, <paramref name="crossbarsPerPe"/> crossbars per PE and
    /// <paramref name="inputSlices"/> input slices per vector: the choice's, the comparators' and the scale-factor
    /// unit's. (Field, reason, field whose position to report or null.)
    /// </summary>
    public IEnumerable<(string Field, string Reason, string? At)> Problems(string prefix, int crossbarColumns, int crossbarsPerPe, int inputSlices)
    {
        foreach (var p in ChoiceProblems(prefix, crossbarColumns, ScaleFactorUnit is not null)) yield return p;
        foreach (var (field, reason) in Comparator.Problems(prefix)) yield return (field, reason, null);
        if (ScaleFactorUnit is { } sfu)
            foreach (var (field, reason) in sfu.Problems(crossbarColumns, crossbarsPerPe, inputSlices)) yield return (field, reason, null);
    }

    /// <summary>
    /// Every rule the choice alone (kind and ADC) breaks on crossbars of <paramref name="crossbarColumns"/> columns,
    /// on a chip that has a scale-factor unit or not: (field below <paramref name="prefix"/>, reason, field whose
    /// position to report or null).
    /// </summary>
    public IEnumerable<(string Field, string Reason, string? At)> ChoiceProblems(string prefix, int crossbarColumns, bool chipHasScaleFactorUnit)
    {
        if (IsAdc)
        {
            if (AdcType is null)
            {
                yield return ($"{prefix}.adc", "required when kind is adc", $"{prefix}.kind");
                yield break;
            }
            if (AdcBits < MinAdcBits || AdcBits > MaxAdcBits)
                yield return ($"{prefix}.adc.bits", string.Create(CultureInfo.InvariantCulture, $"{AdcBits} is out of range [{MinAdcBits}, {MaxAdcBits}]"), null);
            if (!SharingDivides(ColumnSharing, crossbarColumns))
                yield return ($"{prefix}.adc.column_sharing", $"{ColumnSharing} columns per ADC must divide the crossbar's {crossbarColumns} columns", null);
        }
        else
        {
            if (AdcType is not null || AdcBits != 0 || ColumnSharing != DefaultColumnSharing)
                yield return ($"{prefix}.adc", $"only used with kind adc (kind is {Kind.ToString().ToLowerInvariant()})", null);
            if (!chipHasScaleFactorUnit)
                yield return (ScaleFactorUnitSpec.Section,
                    $"required with {Kind.ToString().ToLowerInvariant()} comparator readout: it holds the per-column scale factors", $"{prefix}.kind");
        }
    }

    /// <summary>The column-sharing rule: 1 ≤ m ≤ columns and m divides the columns.</summary>
    public static bool SharingDivides(int sharing, int crossbarColumns) =>
        sharing >= 1 && sharing <= crossbarColumns && crossbarColumns % sharing == 0;

    /// <summary>The compiler's view of this readout (what changes the partial sums).</summary>
    public LayerReadout ToLayerReadout(int scaleFactorBits) => new(Kind, IsAdc ? AdcBits : 0, IsAdc ? 0 : scaleFactorBits);

    /// <summary>Short text, e.g. <c>adc-flash-5b-cs2</c> or <c>ternary</c> (the search's key part).</summary>
    public string Key => IsAdc
        ? string.Create(CultureInfo.InvariantCulture, $"adc-{AdcType.ToString()!.ToLowerInvariant()}-{AdcBits}b-cs{ColumnSharing}")
        : Kind.ToString().ToLowerInvariant();
}
