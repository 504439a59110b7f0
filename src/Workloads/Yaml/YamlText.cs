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
        try
        {
            // Scan the events first: the parser is iterative, the representation model recursive.
            var parser = new Parser(new StringReader(text));
            int depth = 0;
            while (parser.MoveNext())
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
                }
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
            throw new InputException(fileName, (int)e.Start.Line, (int)e.Start.Column, null, $"YAML syntax: {e.Message}");
        }
    }
}
