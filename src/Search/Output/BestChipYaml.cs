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
/// text with its comments, with <c>name</c> and <c>hierarchy.tiles</c> replaced in place and the design's
/// <c>layers:</c> appended, under a header comment
/// that gives the network spec and the command. The text is read back by <see cref="ArchitectureLoader"/> and
/// checked against the spec that was evaluated.
/// </summary>
public static class BestChipYaml
{
    /// <summary>The chip YAML of <paramref name="design"/>; <paramref name="header"/> lines are written as comments first.</summary>
    public static string Write(SearchSpace space, RealizedDesign design, IEnumerable<string> header)
    {
        string text = File.ReadAllText(space.BaseChipPath).Replace("\r\n", "\n");
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (Child(root, "layers") is not null)
            throw new InputException(space.BaseChipPath, 0, 0, "layers", "a search's base chip must not have per-layer peripherals of its own");

        var chip = design.Chip;
        var edits = new List<(YamlScalarNode Node, string Value)>
        {
            (Scalar(root, "name"), chip.Name),
            (Scalar((YamlMappingNode)Child(root, "hierarchy")!, "tiles"), chip.Tiles.ToString(CultureInfo.InvariantCulture)),
        };
        var lines = text.Split('\n').ToList();
        foreach (var (node, value) in edits.OrderByDescending(e => e.Node.Start.Line).ThenByDescending(e => e.Node.Start.Column))
        {
            if (node.Start.Line != node.End.Line) throw new InvalidOperationException($"{node.Value} spans lines");
            int line = (int)node.Start.Line - 1, c0 = (int)node.Start.Column - 1, c1 = (int)node.End.Column - 1;
            lines[line] = lines[line][..c0] + value + lines[line][c1..];
        }

        var sb = new StringBuilder();
        foreach (var h in header) sb.Append("# ").Append(h).Append('\n');
        sb.Append('\n');
        sb.Append(string.Join("\n", lines).TrimEnd('\n')).Append('\n');
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

    private static YamlScalarNode Scalar(YamlMappingNode m, string key) =>
        Child(m, key) as YamlScalarNode ?? throw new InvalidOperationException($"the base chip has no scalar '{key}'");
}
