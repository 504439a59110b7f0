using System.Text;
using OxyPlot;

namespace CimSim.Simulator.Plots;

/// <summary>
/// Renders a chart (an OxyPlot <see cref="PlotModel"/>, best built with <see cref="ChartStyle"/>) to SVG and PDF
/// with OxyPlot's own exporters, and writes files atomically (a temporary name, then a rename: a reader never sees
/// half a file). The same model and size give the same bytes on every render.
/// </summary>
public static class ChartFiles
{
    /// <summary>Default width of a chart (SVG px = PDF pt).</summary>
    public const double DefaultWidth = 800;

    /// <summary>Default height of a chart.</summary>
    public const double DefaultHeight = 500;

    /// <summary>PDF points per SVG pixel (72 / 96).</summary>
    public const double PointsPerPixel = 0.75;

    /// <summary>The extensions <c>Render</c> and <c>Write</c> produce for a chart, in order.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".svg", ".pdf"];

    /// <summary>The SVG document (UTF-8 text; '\n' line ends).</summary>
    public static string Svg(PlotModel model, double width = DefaultWidth, double height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (model)
        {
            var exporter = new SvgExporter
            {
                Width = width,
                Height = height,
                IsDocument = true,
                TextMeasurer = new ChartTextMeasurer(),
                UseVerticalTextAlignmentWorkaround = true,
            };
            using var ms = new MemoryStream();
            exporter.Export(model, ms);
            // No byte-order mark (the exporter's writer adds one), '\n' line ends on every platform.
            return Encoding.UTF8.GetString(ms.ToArray()).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The PDF document (OxyPlot names its font "Arial" with Helvetica's metrics, not embedded; viewers use
    /// Arial, Liberation Sans or Helvetica): one page of 3/4 × <paramref name="width"/> × <paramref name="height"/> pt, the size of
    /// the SVG at 96 px per inch (OxyPlot's PDF context sets a font size in px as that many 3/4 pt, so this keeps the
    /// text as large against the chart as in the SVG).
    /// </summary>
    public static byte[] Pdf(PlotModel model, double width = DefaultWidth, double height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (model)
        {
            using var ms = new MemoryStream();
            // OxyPlot.Core's own PDF writer (marked obsolete in favour of OxyPlot.SkiaSharp's, which needs ~180 MB of
            // native Skia assets): correct here as it is, Helvetica, ~10–70 KB (../shared/ECOSYSTEM-PROBES.md §2).
#pragma warning disable CS0618
            new PdfExporter { Width = width * PointsPerPixel, Height = height * PointsPerPixel }.Export(model, ms);
#pragma warning restore CS0618
            return FixCreationDate(ms.ToArray());
        }
    }

    /// <summary>The fixed creation date written into every PDF, so that renders are byte-for-byte the same.</summary>
    public const string PdfCreationDate = "D:20000101000000+00'00";

    /// <summary>
    /// Replaces the exporter's creation time (the clock, down to the second) with <see cref="PdfCreationDate"/>,
    /// which has the same length, so the cross-reference offsets stay right.
    /// </summary>
    private static byte[] FixCreationDate(byte[] pdf)
    {
        string text = Encoding.Latin1.GetString(pdf);
        const string key = "/CreationDate (";
        int at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return pdf;
        int start = at + key.Length, end = text.IndexOf(')', start);
        if (end - start != PdfCreationDate.Length) return pdf;
        Encoding.Latin1.GetBytes(PdfCreationDate).CopyTo(pdf, start);
        return pdf;
    }

    /// <summary>
    /// File name → content for <c>baseName.svg</c> and <c>baseName.pdf</c>, for callers that write files themselves.
    /// </summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Render(PlotModel model, string baseName,
        double width = DefaultWidth, double height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        return
        [
            (baseName + ".svg", Encoding.UTF8.GetBytes(Svg(model, width, height))),
            (baseName + ".pdf", Pdf(model, width, height)),
        ];
    }

    /// <summary>File name → content for <c>BaseName.svg</c>, <c>.pdf</c> and <c>.csv</c> of a chart with its data.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Render(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return [.. Render(chart.Model, chart.BaseName, chart.Width, chart.Height), (chart.BaseName + ".csv", Encoding.UTF8.GetBytes(chart.Csv))];
    }

    /// <summary>The file names <see cref="Render(Chart)"/> gives for <paramref name="baseName"/>: .svg, .pdf, .csv.</summary>
    public static IReadOnlyList<string> FileNames(string baseName) => [baseName + ".svg", baseName + ".pdf", baseName + ".csv"];

    /// <summary>Writes a chart's .svg, .pdf and .csv into <paramref name="directory"/> (which must exist), each atomically; returns their paths.</summary>
    public static IReadOnlyList<string> Write(Chart chart, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var paths = new List<string>();
        foreach (var (name, content) in Render(chart))
        {
            string path = Path.Combine(directory, name);
            WriteAtomic(path, content);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>
    /// Writes <c>baseName.svg</c> and <c>baseName.pdf</c> into <paramref name="directory"/> (which must exist),
    /// each atomically, replacing files of the same name; returns their paths.
    /// </summary>
    /// <exception cref="IOException">The directory is missing or not writable (no partial file is left).</exception>
    public static IReadOnlyList<string> Write(PlotModel model, string directory, string baseName,
        double width = DefaultWidth, double height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var paths = new List<string>();
        foreach (var (name, content) in Render(model, baseName, width, height))
        {
            string path = Path.Combine(directory, name);
            WriteAtomic(path, content);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file in the same directory and a rename.</summary>
    public static void WriteAtomic(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
