using System.Globalization;
using CimSim.Components.Readout;
using CimSim.Workloads.Mapping;

namespace CimSim.Search.Space;

/// <summary>
/// The design decision for one searched crossbar layer: its output channels (a VGG network's width), the
/// peripheral circuit that reads its crossbars (ADC type, bits and column sharing, or an HCiM comparator bank
/// with DCiM scale factors) and its input precision.
/// </summary>
/// <param name="Channels">Output channels C_out.</param>
/// <param name="Readout">Readout kind of the layer's tiles.</param>
/// <param name="AdcType">ADC type (ADC readout only, else null).</param>
/// <param name="AdcBits">ADC resolution, bits (ADC readout only, else 0).</param>
/// <param name="ColumnSharing">Columns per ADC (ADC readout only, else 1).</param>
/// <param name="InputBits">Input (activation) precision, bits.</param>
public sealed record LayerChoice(int Channels, ReadoutKind Readout, AdcType? AdcType, int AdcBits, int ColumnSharing, int InputBits)
{
    /// <summary>A choice with ADC readout.</summary>
    public static LayerChoice Adc(int channels, AdcType type, int bits, int sharing, int inputBits) =>
        new(channels, ReadoutKind.Adc, type, bits, sharing, inputBits);

    /// <summary>A choice with comparator (binary or ternary) readout.</summary>
    public static LayerChoice Comparator(int channels, ReadoutKind kind, int inputBits) =>
        kind == ReadoutKind.Adc ? throw new ArgumentException("use Adc for ADC readout", nameof(kind))
        : new(channels, kind, null, 0, 1, inputBits);

    /// <summary>The same choice with another peripheral structure, keeping channels and input bits.</summary>
    public LayerChoice WithPeripherals(LayerChoice other) => this with
    {
        Readout = other.Readout, AdcType = other.AdcType, AdcBits = other.AdcBits, ColumnSharing = other.ColumnSharing,
    };

    /// <summary>The peripheral part of the key, e.g. <c>adc-flash-5b-cs2</c> or <c>ternary</c>.</summary>
    public string PeripheralKey => Readout == ReadoutKind.Adc
        ? string.Create(CultureInfo.InvariantCulture, $"adc-{AdcType.ToString()!.ToLowerInvariant()}-{AdcBits}b-cs{ColumnSharing}")
        : Readout.ToString().ToLowerInvariant();

    /// <summary>Stable text form, e.g. <c>c128/adc-flash-5b-cs2/i4</c>; <see cref="Parse"/> reads it back.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"c{Channels}/{PeripheralKey}/i{InputBits}");

    /// <inheritdoc />
    public override string ToString() => Key;

    /// <summary>Reads a <see cref="Key"/>; null when the text is not one.</summary>
    public static LayerChoice? Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || !parts[0].StartsWith('c') || !parts[2].StartsWith('i')) return null;
        if (!int.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int c)) return null;
        if (!int.TryParse(parts[2].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int i)) return null;
        var p = parts[1].Split('-');
        if (p.Length == 1)
            return p[0] switch
            {
                "binary" => Comparator(c, ReadoutKind.Binary, i),
                "ternary" => Comparator(c, ReadoutKind.Ternary, i),
                _ => null,
            };
        if (p.Length != 4 || p[0] != "adc" || !p[2].EndsWith('b') || !p[3].StartsWith("cs", StringComparison.Ordinal)) return null;
        AdcType? type = p[1] switch { "flash" => Components.Readout.AdcType.Flash, "sar" => Components.Readout.AdcType.Sar, _ => null };
        if (type is null) return null;
        if (!int.TryParse(p[2].AsSpan(0, p[2].Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int b)) return null;
        if (!int.TryParse(p[3].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)) return null;
        return Adc(c, type.Value, b, m, i);
    }
}
