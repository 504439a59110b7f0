using System.Text.Json;
using System.Text.Json.Serialization;

namespace CimSim.Workloads.Json;

/// <summary>
/// The one spelling of a non-finite number in CimSim's JSON files: <c>null</c>. JSON has no infinity; the only
/// non-finite figure CimSim writes is the SQNR of a layer read exactly (+∞ dB), so <c>null</c> reads back as +∞.
/// Every JSON writer uses this rule (cimsim.report/1, cimsim.counts/1, search results, comparisons): it is the
/// converter of every <see cref="JsonText"/> context. The string <c>"inf"</c> of older search results reads as +∞ too.
/// </summary>
public class NonFiniteAsNull : JsonConverter<double>
{
    /// <summary>Null is read, as <see cref="NullValue"/>.</summary>
    public override bool HandleNull => true;

    /// <summary>What null reads back as: +∞ (an exact layer's SQNR).</summary>
    protected virtual double NullValue => double.PositiveInfinity;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => NullValue,
        JsonTokenType.String when reader.ValueTextEquals("inf"u8) => double.PositiveInfinity,
        _ => reader.GetDouble(),
    };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

/// <summary>The same rule for a figure that may be unknown (NaN, e.g. the row density of a digital layer): null reads back as NaN.</summary>
public sealed class UnknownAsNull : NonFiniteAsNull
{
    protected override double NullValue => double.NaN;
}
