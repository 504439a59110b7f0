using CimSim.Simulator.Architecture;

namespace CimSim.Search.Sweep;

/// <summary>One value of a varied field, as written in the spec (its text) and where.</summary>
/// <param name="Field">The field: a chip path such as <c>readout.adc.bits</c>, or <c>network</c>, <c>dataset</c>, <c>seed</c>.</param>
/// <param name="Text">The value as written (numbers as YAML reads them).</param>
/// <param name="Line">Line of the value in the spec file.</param>
/// <param name="Column">Column of the value in the spec file.</param>
public sealed record FieldValue(string Field, string Text, int Line, int Column);

/// <summary>
/// One point of a sweep: its index in sweep order, the value of every varied field, and what it runs — the chip
/// (the base chip file with the point's chip fields set, loaded and validated exactly as a chip file), the
/// network, dataset and seed. <see cref="Fingerprint"/> identifies everything the result depends on.
/// </summary>
public sealed record SweepPoint
{
    /// <summary>Position in sweep order (0-based).</summary>
    public required int Index { get; init; }
    /// <summary>The varied fields' values, in <see cref="SweepSpec.Fields"/> order (a field an explicit point leaves out is absent).</summary>
    public required IReadOnlyList<FieldValue> Values { get; init; }
    /// <summary>The chip file's text with the point's chip fields set (what <see cref="Chip"/> was loaded from).</summary>
    public required string ChipYaml { get; init; }
    /// <summary>The point's chip.</summary>
    public required ChipSpec Chip { get; init; }
    /// <summary>The network as the spec writes it (stored in results: the same on every machine).</summary>
    public required string NetworkLabel { get; init; }
    /// <summary>Zoo spec or network YAML file (absolute).</summary>
    public required string Network { get; init; }
    /// <summary>Dataset name; null: the network's own.</summary>
    public string? Dataset { get; init; }
    /// <summary>Seed of the compiler's random weights and input.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>SHA-256 (16 hex digits) of the chip text, network (and a network file's text), dataset and seed.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The value of <paramref name="field"/>, or null when this point leaves it at the base's.</summary>
    public string? ValueOf(string field) => Values.FirstOrDefault(v => v.Field == field)?.Text;

    /// <summary>A short description such as <c>readout.adc.bits=4 readout.adc.column_sharing=8</c>.</summary>
    public string Label => Values.Count == 0 ? "base" : string.Join(" ", Values.Select(v => $"{v.Field}={v.Text}"));
}
