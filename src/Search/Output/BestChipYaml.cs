using System.Globalization;
using System.Text;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Mapping;
using YamlDotNet.RepresentationModel;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;

namespace CimSim.Search.Output;

/// <summary>
/// Writes a realized design's chip as architecture YAML that <c>cimsim run</c> accepts: the base chip's file
/// text with its comments (and the space's <c>base.set</c> values), with <c>name</c> and <c>hierarchy.tiles</c> replaced
/// in place and the design's <c>layers:</c> appended, under a header comment that gives the network spec and the command.
/// The text is read back by <see cref="ArchitectureLoader"/> and checked against the spec that was evaluated.
/// </summary>
public static class BestChipYaml
{
    /// <summary>The chip YAML of <paramref name="design"/>; <paramref name="header"/> lines are written as comments first.</summary>
    public static string Write(SearchSpace space, RealizedDesign design, IEnumerable<string> header)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(space.BaseChipText));
        if (Child((YamlMappingNode)stream.Documents[0].RootNode, "layers") is not null)
            throw new InputException(space.BaseChipPath, 0, 0, "layers", "a search's base chip must not have per-layer peripherals of its own");

        var chip = design.Chip;
        string text = ChipYamlEdit.SetInPlace(space.BaseChipText,
            [("name", chip.Name), ("hierarchy.tiles", chip.Tiles.ToString(CultureInfo.InvariantCulture))]);

        var sb = new StringBuilder();
        foreach (var h in header) sb.Append("# ").Append(h).Append('\n');
        sb.Append('\n');
        sb.Append(text.TrimEnd('\n')).Append('\n');
        sb.Append("\n# Per-layer peripherals chosen by the search (cimsim search, ").Append(space.Name).Append(").\nlayers:\n");
        foreach (var p in chip.LayerPeripherals)
        {
            sb.Append("  - { layer: ").Append(p.Layer).Append(", readout: { kind: ").Append(p.Readout.ToString().ToLowerInvariant());
            if (p.Readout == ReadoutKind.Adc)
                sb.Append(string.Create(CultureInfo.InvariantCulture,
                    $", adc: {{ type: {p.AdcType.ToString()!.ToLowerInvariant()}, bits: {p.AdcBits}, column_sharing: {p.ColumnSharing} }}"));
            sb.Append(" } }\n");
        }
        string yaml = sb.ToString();
        Check(yaml, chip);
        return yaml;
    }

    /// <summary>Reads <paramref name="yaml"/> back and checks it describes <paramref name="chip"/>.</summary>
    private static void Check(string yaml, ChipSpec chip)
    {
        var back = ArchitectureLoader.LoadText(yaml, "best.yaml");
        bool same = back.Name == chip.Name && back.Tiles == chip.Tiles && back.AdcBits == chip.AdcBits && back.ShiftAddBits == chip.ShiftAddBits && back.Readout == chip.Readout
            && back.LayerPeripherals.Count == chip.LayerPeripherals.Count
            && back.LayerPeripherals.Zip(chip.LayerPeripherals).All(p => p.First with { Line = 0 } == p.Second with { Line = 0 });
        if (!same || Math.Abs(ChipModel.Build(back).TotalAreaMm2 - ChipModel.Build(chip).TotalAreaMm2) > 1e-9)
            throw new InvalidOperationException("the written chip YAML does not read back as the evaluated chip");
    }

    private static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var v } && v == key).Value;
}
