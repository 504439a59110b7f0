using OxyPlot;

namespace CimSim.Simulator.Plots;

/// <summary>
/// Measures text for the SVG exporter and for layout. OxyPlot's own measurer (a <see cref="PdfRenderContext"/>
/// with Helvetica metrics) measures in PDF points for a size given in pixels, so every width and height comes out
/// at 3/4 of what an SVG renderer draws: legend entries are clipped, rows and axis titles overlap. This one scales
/// Helvetica's widths back by 4/3 (Liberation Sans, which the SVG asks for through "Arial", has the same widths)
/// with 3 % slack, and gives each line 1.2 × the font size (../shared/ECOSYSTEM-PROBES.md §2; measured here:
/// "interconnect" at 12 px is 49.0 by the PDF context, 65.4 px in Liberation Sans).
/// </summary>
public sealed class ChartTextMeasurer : PdfRenderContext
{
    private readonly double _widthFactor;
    private readonly double _lineHeight;

    /// <param name="widthFactor">Multiplies the Helvetica width (slack for renderers that set text a little wider).</param>
    /// <param name="lineHeight">Height of one line as a multiple of the font size.</param>
    public ChartTextMeasurer(double widthFactor = 4.0 / 3.0 * 1.03, double lineHeight = 1.2) : base(800, 500, OxyColors.White)
    {
        _widthFactor = widthFactor;
        _lineHeight = lineHeight;
    }

    /// <inheritdoc/>
    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        if (string.IsNullOrEmpty(text)) return new OxySize(0, 0);
        var s = base.MeasureText(text, fontFamily, fontSize, fontWeight);
        int lines = text.Split('\n').Length;
        return new OxySize(s.Width * _widthFactor, lines * fontSize * _lineHeight);
    }
}
