using YamlDotNet.RepresentationModel;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// Sets fields of a chip file by dotted path (<c>readout.adc.bits</c>) in its YAML text, so that the result is loaded
/// and validated by <see cref="ArchitectureLoader"/> exactly as a chip file is.
/// <see cref="Apply"/> rewrites the document (missing sections are created; comments are lost);
/// <see cref="SetInPlace"/> replaces existing values where they stand, keeping the file's comments and line numbers.
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

    /// <summary>
    /// The chip text <paramref name="yaml"/> with each existing scalar at a dotted path replaced by its value where it
    /// stands: every other character is kept, so a line number in the result is one in the input. With
    /// <paramref name="comment"/>, an edited line's comment (which described the old value) becomes <c># comment</c>;
    /// without, comments are kept. Throws <see cref="ArgumentException"/> naming the path when it is not a one-line
    /// scalar of the file.
    /// </summary>
    public static string SetInPlace(string yaml, IEnumerable<(string Path, string Value)> edits, string? comment = null)
    {
        yaml = yaml.Replace("\r\n", "\n");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ArgumentException("the chip is not one YAML mapping");
        var found = new List<(YamlScalarNode Node, string Value)>();
        foreach (var (path, value) in edits)
        {
            YamlNode node = root;
            foreach (var part in path.Split('.'))
                node = (node as YamlMappingNode)?.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var k } && k == part).Value
                    ?? throw new ArgumentException($"the chip file has no field '{path}'");
            if (node is not YamlScalarNode scalar || scalar.Start.Line != scalar.End.Line)
                throw new ArgumentException($"'{path}' is not a single value in the chip file");
            if (found.Any(f => f.Node == scalar)) throw new ArgumentException($"'{path}' is set twice");
            found.Add((scalar, PlainOrQuoted(value)));
        }
        var lines = yaml.Split('\n');
        foreach (var (node, value) in found.OrderByDescending(e => e.Node.Start.Line).ThenByDescending(e => e.Node.Start.Column))
        {
            int line = (int)node.Start.Line - 1, c0 = (int)node.Start.Column - 1, c1 = (int)node.End.Column - 1;
            string rest = lines[line][c1..];
            if (comment is not null)
            {
                int hash = rest.IndexOf(" #", StringComparison.Ordinal);
                rest = (hash >= 0 ? rest[..hash] : rest).TrimEnd() + "   # " + comment;
            }
            lines[line] = lines[line][..c0] + value + rest;
        }
        return string.Join("\n", lines);
    }

    private static string PlainOrQuoted(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '+')
            ? value
            : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
