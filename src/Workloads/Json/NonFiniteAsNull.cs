using System.Text.Json;
using System.Text.Json.Serialization;

namespace CimSim.Workloads.Json;

/// <summary>
/// The one spelling of a non-finite number in CimSim's JSON files: <c>null</c>. JSON has no infinity; the only
/// non-finite figure CimSim writes is the SQNR of a layer read exactly (+∞ dB), so <c>null</c> reads back as +∞.
/// Every JSON writer uses this rule (cimsim.report/1, cimsim.counts/1, search results, comparisons).
/// </summary>
public sealed class NonFiniteAsNull : JsonConverter<double>
{
    /// <summary>Null is read, as +∞.</summary>
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.PositiveInfinity : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    /// <summary>Writes <paramref name="value"/> under <paramref name="name"/> by the same rule (for hand-built writers).</summary>
    public static void Write(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
