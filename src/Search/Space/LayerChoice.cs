using System.Globalization;
using CimSim.Workloads.Mapping;

namespace CimSim.Search.Space;

/// <summary>
/// The design decision for one searched crossbar layer: its output channels (a VGG network's width), the
/// peripheral circuit that reads its crossbars (ADC type, bits and column sharing, or an HCiM comparator bank
/// with DCiM scale factors) and its input precision.
/// </summary>
/// <param name="Channels">Output channels C_out.</param>
/// <param name="Peripherals">The layer's readout (the one readout record, <see cref="ReadoutSpec"/>).</param>
/// <param name="InputBits">Input (activation) precision, bits.</param>
public sealed record LayerChoice(int Channels, ReadoutSpec Peripherals, int InputBits)
{
    /// <summary>A choice from the readout's fields.</summary>
    public LayerChoice(int channels, ReadoutKind readout, AdcType? adcType, int adcBits, int columnSharing, int inputBits)
        : this(channels, new ReadoutSpec(readout, adcType, adcBits, columnSharing), inputBits) { }

    /// <summary>Readout kind of the layer's tiles.</summary>
    public ReadoutKind Readout { get => Peripherals.Kind; init => Peripherals = Peripherals with { Kind = value }; }
    /// <summary>ADC type (ADC readout only, else null).</summary>
    public AdcType? AdcType { get => Peripherals.AdcType; init => Peripherals = Peripherals with { AdcType = value }; }
    /// <summary>ADC resolution, bits (ADC readout only, else 0).</summary>
    public int AdcBits { get => Peripherals.AdcBits; init => Peripherals = Peripherals with { AdcBits = value }; }
    /// <summary>Columns per ADC (ADC readout only, else 1).</summary>
    public int ColumnSharing { get => Peripherals.ColumnSharing; init => Peripherals = Peripherals with { ColumnSharing = value }; }

    /// <summary>A choice with ADC readout.</summary>
    public static LayerChoice Adc(int channels, AdcType type, int bits, int sharing, int inputBits) =>
        new(channels, ReadoutKind.Adc, type, bits, sharing, inputBits);

    /// <summary>A choice with comparator (binary or ternary) readout.</summary>
    public static LayerChoice Comparator(int channels, ReadoutKind kind, int inputBits) =>
        kind == ReadoutKind.Adc ? throw new ArgumentException("use Adc for ADC readout", nameof(kind))
        : new(channels, kind, null, 0, 1, inputBits);

    /// <summary>The same choice with another peripheral structure, keeping channels and input bits.</summary>
    public LayerChoice WithPeripherals(LayerChoice other) => this with { Peripherals = other.Peripherals };

    /// <summary>The peripheral part of the key, e.g. <c>adc-flash-5b-cs2</c> or <c>ternary</c>.</summary>
    public string PeripheralKey => Peripherals.Key;

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
        AdcType? type = p[1] switch { "flash" => Workloads.Mapping.AdcType.Flash, "sar" => Workloads.Mapping.AdcType.Sar, _ => null };
        if (type is null) return null;
        if (!int.TryParse(p[2].AsSpan(0, p[2].Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int b)) return null;
        if (!int.TryParse(p[3].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int m)) return null;
        return Adc(c, type.Value, b, m, i);
    }
}
