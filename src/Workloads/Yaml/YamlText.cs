using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CimSim.Workloads.Yaml;

/// <summary>
/// The one way CimSim reads a YAML file (chips, networks, search spaces): bounded size and nesting, one
/// document, every fault an <see cref="InputException"/> naming file, line and column. The bounds keep a
/// hostile or mistaken input (a 100,000-deep nesting, <c>/dev/zero</c>) from exhausting the stack or memory.
/// </summary>
public static class YamlText
{
    /// <summary>Largest YAML file read, bytes (16 MiB; the largest shipped file is under 10 kB).</summary>
    public const int MaxBytes = (int)InputFiles.YamlMaxBytes;
    /// <summary>Deepest nesting of mappings and sequences (the deepest shipped file nests 4 levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads the file at <paramref name="path"/> as UTF-8 text, at most <see cref="MaxBytes"/>, after
    /// <see cref="InputFiles"/>' checks (a regular, readable file: not a directory, device, FIFO or dangling link).</summary>
    public static string ReadFile(string path) => InputFiles.ReadAllText(path, MaxBytes);

    /// <summary>Parses <paramref name="text"/> (one document, bounded) and returns its root node.</summary>
    public static YamlNode LoadRoot(string text, string fileName)
    {
        if (text.Length > MaxBytes)
            throw new InputException(fileName, 0, 0, null, string.Create(CultureInfo.InvariantCulture, $"larger than {MaxBytes / (1024 * 1024)} MiB; not a YAML file CimSim reads"));
        // Where the parser got to: a scanner error can name the start of the enclosing mapping (1:1) instead of the fault.
        Mark last = Mark.Empty;
        try
        {
            // Scan the events first: the parser is iterative, the representation model recursive.
            var parser = new Parser(new StringReader(text));
            int depth = 0;
            var anchors = new HashSet<string>(StringComparer.Ordinal);
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                            throw new InputException(fileName, (int)parser.Current.Start.Line, (int)parser.Current.Start.Column, null,
                                $"nested more than {MaxDepth} levels deep; not a file CimSim reads");
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        throw new InputException(fileName, (int)alias.Start.Line, (int)alias.Start.Column, null,
                            $"YAML syntax: the alias *{alias.Value.Value} names no anchor (&{alias.Value.Value}) above it");
                }
                if (parser.Current is NodeEvent { Anchor.IsEmpty: false } node) anchors.Add(node.Anchor.Value);
            }
            last = Mark.Empty; // the scan is through: from here on an error's own position is the one to give
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0) throw new InputException(fileName, 1, 1, null, "the file is empty");
            if (stream.Documents.Count > 1)
            {
                var s = stream.Documents[1].RootNode.Start;
                throw new InputException(fileName, (int)s.Line, (int)s.Column, null, "only one YAML document per file");
            }
            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var at = Later(Later(e.Start, e.End), last);
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text, at.Line) is int tabLine)
                at = new Mark(0, tabLine, 1);
            throw new InputException(fileName, (int)at.Line, (int)at.Column, null, $"YAML syntax: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on a flow sequence or mapping left open before further keys.
            var at = Later(Mark.Empty, last);
            throw new InputException(fileName, (int)at.Line, (int)at.Column, null, "YAML syntax: the text cannot be read on from here (a '[' or '{' left open?)");
        }
    }

    /// <summary>The first line from <paramref name="fromLine"/> on whose indentation holds a tab (YAML indents with spaces only).</summary>
    private static int? FirstTabIndent(string text, long fromLine)
    {
        var lines = text.Split('\n');
        for (int i = (int)Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            string line = lines[i];
            int indent = line.Length - line.TrimStart(' ', '\t').Length;
            if (line.AsSpan(0, indent).Contains('\t')) return i + 1;
        }
        return null;
    }

    /// <summary>The later of two positions in the text (the first line when neither is known).</summary>
    private static Mark Later(Mark a, Mark b)
    {
        var m = a.Index >= b.Index ? a : b;
        return m.Line > 0 ? m : new Mark(0, 1, 1);
    }
}
