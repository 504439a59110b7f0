using System.Globalization;

namespace CimSim.Workloads.Mapping;

/// <summary>
/// The one record of a readout choice: how a crossbar column's partial sum is read (YAML <c>readout</c>, a
/// <c>layers[i].readout</c>, a search's per-layer choice). Defaults and rules live here and nowhere else:
/// the architecture loader, the chip spec, the per-layer peripherals, the compiler's target check and the
/// search space all use <see cref="Problems"/> and the ranges below.
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

    /// <summary>Whether the columns are read by ADCs.</summary>
    public bool IsAdc => Kind == ReadoutKind.Adc;

    /// <summary>Comparators per column: 1 (binary), 2 (ternary), 0 (ADC).</summary>
    public int ComparatorsPerColumn => Kind switch { ReadoutKind.Binary => 1, ReadoutKind.Ternary => 2, _ => 0 };

    /// <summary>
    /// Every rule this choice breaks on crossbars of <paramref name="crossbarColumns"/> columns: (field below
    /// <paramref name="prefix"/>, reason, field whose position to report or null).
    /// </summary>
    public IEnumerable<(string Field, string Reason, string? At)> Problems(string prefix, int crossbarColumns)
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
        else if (AdcType is not null || AdcBits != 0 || ColumnSharing != DefaultColumnSharing)
            yield return ($"{prefix}.adc", $"only used with kind adc (kind is {Kind.ToString().ToLowerInvariant()})", null);
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
