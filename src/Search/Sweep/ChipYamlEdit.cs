using YamlDotNet.RepresentationModel;

namespace CimSim.Search.Sweep;

/// <summary>
/// Sets fields of a chip file by dotted path (<c>readout.adc.bits</c>) in its YAML text, so that the result is loaded
/// and validated by <see cref="Simulator.Architecture.ArchitectureLoader"/> exactly as a chip file is. Missing
/// sections are created; the value is written as a plain scalar, so YAML reads it as it read it in the sweep spec.
/// </summary>
public static class ChipYamlEdit
{
    /// <summary>
    /// The chip text <paramref name="yaml"/> with each (path, value) set. Throws <see cref="ArgumentException"/> with a
    /// reason when a path goes through something that is not a mapping.
    /// </summary>
    public static string Apply(string yaml, IEnumerable<(string Path, string Value)> edits)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ArgumentException("the base chip is not one YAML mapping");
        foreach (var (path, value) in edits)
        {
            var parts = path.Split('.');
            var node = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                var key = new YamlScalarNode(parts[i]);
                if (!node.Children.TryGetValue(key, out var child))
                {
                    child = new YamlMappingNode();
                    node.Children.Add(key, child);
                }
                node = child as YamlMappingNode
                    ?? throw new ArgumentException($"'{string.Join('.', parts[..(i + 1)])}' is a value in the chip file, not a section");
            }
            node.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value);
        }
        var w = new StringWriter { NewLine = "\n" };
        stream.Save(w, assignAnchors: false);
        return w.ToString();
    }
}
