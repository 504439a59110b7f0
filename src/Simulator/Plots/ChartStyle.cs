using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace CimSim.Simulator.Plots;

/// <summary>
/// The one look of every CimSim chart: fonts, the fixed colour-blind-safe palette, dashes and markers for
/// series beyond the palette, and factories for a plot model, axes and a legend that are laid out right by
/// <see cref="ChartFiles"/>' exporters. Build a chart with these, then write it with <c>ChartFiles.Write</c>.
/// </summary>
public static class ChartStyle
{
    /// <summary>
    /// The font the SVG asks for. fontconfig maps "Arial" to Liberation Sans (package fonts-liberation), whose
    /// advance widths are Helvetica's, the metrics OxyPlot measures with. It is set once, as the model's
    /// DefaultFont (axes, legend and annotations inherit it).
    /// </summary>
    public const string Font = "Arial";

    /// <summary>Size of tick labels, legend and annotations (pt).</summary>
    public const double FontSize = 12;

    /// <summary>Size of the chart title (pt).</summary>
    public const double TitleFontSize = 15;

    /// <summary>
    /// The categorical palette, in slot order: Okabe &amp; Ito's eight colours (blue, orange, bluish green,
    /// vermillion, sky blue, reddish purple, yellow, black), then five of Paul Tol's "muted" colours (wine,
    /// olive, teal, indigo) and a mid grey. The first eight are safe for the common colour-vision deficiencies;
    /// the later ones are told apart by their place in the stack and the legend as well. Lines and markers
    /// beyond the palette repeat its colours with a dash pattern (<see cref="Dash"/>) and another marker.
    /// </summary>
    public static IReadOnlyList<OxyColor> Palette { get; } =
    [
        OxyColor.FromRgb(0x00, 0x72, 0xB2), OxyColor.FromRgb(0xE6, 0x9F, 0x00), OxyColor.FromRgb(0x00, 0x9E, 0x73),
        OxyColor.FromRgb(0xD5, 0x5E, 0x00), OxyColor.FromRgb(0x56, 0xB4, 0xE9), OxyColor.FromRgb(0xCC, 0x79, 0xA7),
        OxyColor.FromRgb(0xF0, 0xE4, 0x42), OxyColor.FromRgb(0x00, 0x00, 0x00), OxyColor.FromRgb(0x88, 0x22, 0x55),
        OxyColor.FromRgb(0x99, 0x99, 0x33), OxyColor.FromRgb(0x44, 0xAA, 0x99), OxyColor.FromRgb(0x33, 0x22, 0x88),
        OxyColor.FromRgb(0x99, 0x99, 0x99),
    ];

    /// <summary>
    /// Eight more colours (Paul Tol's dark red and seven of his "light" scheme) for palette slots 13–20: bars of further series (a
    /// component class unknown to <see cref="ComponentClasses"/>) still get a colour of their own.
    /// </summary>
    public static IReadOnlyList<OxyColor> Extra { get; } =
    [
        OxyColor.FromRgb(0x66, 0x33, 0x33), OxyColor.FromRgb(0xEE, 0x88, 0x66), OxyColor.FromRgb(0xEE, 0xDD, 0x88),
        OxyColor.FromRgb(0xFF, 0xAA, 0xBB), OxyColor.FromRgb(0x99, 0xDD, 0xFF), OxyColor.FromRgb(0xBB, 0xCC, 0x33),
        OxyColor.FromRgb(0xAA, 0xAA, 0x00), OxyColor.FromRgb(0xDD, 0xDD, 0xDD),
    ];

    /// <summary>Palette slot of black: leakage in the energy chart (no other component class uses it).</summary>
    public const int BlackSlot = 7;

    /// <summary>
    /// Component classes (DESIGN.md §5) in the order that fixes their palette slot, so a class has the same colour
    /// in every chart, whatever subset of classes the chart shows. Leakage is black, a colour no other class has.
    /// </summary>
    public static IReadOnlyList<string> ComponentClasses { get; } =
        ["crossbar", "dac", "adc", "comparator", "dcim", "shift_add", "accumulator", "buffer", "interconnect", "activation", "pooling", "control", "leakage"];

    private static readonly int[] ClassSlots = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, BlackSlot];

    /// <summary>Number of distinct colours: <see cref="Palette"/> then <see cref="Extra"/>.</summary>
    public static int Colours => Palette.Count + Extra.Count;

    /// <summary>Colour of palette slot <paramref name="slot"/>: <see cref="Palette"/>, then <see cref="Extra"/>, then again from the start.</summary>
    public static OxyColor Colour(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        int i = slot % Colours;
        return i < Palette.Count ? Palette[i] : Extra[i - Palette.Count];
    }

    /// <summary>
    /// Palette slot of a component class: its fixed slot in <see cref="ComponentClasses"/> order; a class not in
    /// that list gets slot 13 + <paramref name="unknownIndex"/> (the caller passes its position among the unknown
    /// classes), a colour of <see cref="Extra"/>.
    /// </summary>
    public static int ClassSlot(string componentClass, int unknownIndex = 0)
    {
        int i = IndexOf(componentClass);
        return i >= 0 ? ClassSlots[i] : Palette.Count + unknownIndex;
    }

    /// <summary>Position of a class in <see cref="ComponentClasses"/>, or -1.</summary>
    public static int IndexOf(string componentClass)
    {
        for (int i = 0; i < ComponentClasses.Count; i++)
            if (ComponentClasses[i] == componentClass) return i;
        return -1;
    }

    /// <summary>Line style of series slot <paramref name="slot"/>: solid in the first round of the colours, then dashed, dotted, dash-dot.</summary>
    public static LineStyle Dash(int slot) => (slot / Colours % 4) switch
    {
        0 => LineStyle.Solid,
        1 => LineStyle.Dash,
        2 => LineStyle.Dot,
        _ => LineStyle.DashDot,
    };

    private static readonly MarkerType[] Markers = [MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond, MarkerType.Cross, MarkerType.Plus, MarkerType.Star];

    /// <summary>Marker of series slot <paramref name="slot"/> (cycles through seven shapes).</summary>
    public static MarkerType Marker(int slot) => Markers[slot % Markers.Length];

    /// <summary>
    /// The frame of an x–y chart of point series (line and scatter charts): the series checked, x and y axes (log or
    /// linear; a linear x axis never starts at 0, a linear y axis only with <paramref name="yFromZero"/>), labels
    /// fitted to the points' range, the legend below the plot.
    /// </summary>
    /// <exception cref="ArgumentException">No points, negative or non-finite coordinates, or a non-positive one on a log axis.</exception>
    public static PlotModel NewPointModel(string title, string? subtitle, IReadOnlyList<PointSeries> series, string xAxisTitle,
        string yAxisTitle, bool logX, bool logY, bool yFromZero)
    {
        ArgumentNullException.ThrowIfNull(title);
        ChartData.CheckPointSeries(series, logX, logY);
        var model = NewModel(title, subtitle);
        model.Axes.Add(logX ? LogAxis(xAxisTitle, AxisPosition.Bottom) : LinearAxis(xAxisTitle, AxisPosition.Bottom, fromZero: false));
        model.Axes.Add(logY ? LogAxis(yAxisTitle, AxisPosition.Left) : LinearAxis(yAxisTitle, AxisPosition.Left, fromZero: yFromZero));
        model.Legends.Add(Legend(below: true));
        var points = series.SelectMany(s => s.Points).ToList();
        FitLabels(model.Axes[0], points.Min(p => p.X), points.Max(p => p.X));
        FitLabels(model.Axes[1], points.Min(p => p.Y), points.Max(p => p.Y));
        return model;
    }

    /// <summary>
    /// A plot model in the house style: title (and optional subtitle), invariant culture, white background,
    /// the palette as default colours, padding so that nothing touches the canvas edge.
    /// </summary>
    public static PlotModel NewModel(string title, string? subtitle = null)
    {
        var m = new PlotModel
        {
            Title = title,
            Subtitle = subtitle,
            DefaultFont = Font,
            DefaultFontSize = FontSize,
            TitleFontSize = TitleFontSize,
            SubtitleFontSize = FontSize,
            TitleFontWeight = FontWeights.Bold,
            Culture = CultureInfo.InvariantCulture,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x80, 0x80, 0x80),
            PlotAreaBorderThickness = new OxyThickness(1),
            Padding = new OxyThickness(12, 8, 24, 8),
            TitlePadding = 8,
            DefaultColors = [.. Palette],
        };
        return m;
    }

    /// <summary>
    /// A legend: outside the plot area, to the right (top-aligned) or below it (centred, in rows), never
    /// clipped (the model's right padding leaves room for the longest entry's measured width).
    /// </summary>
    public static Legend Legend(bool below = false, string? title = null) => new()
    {
        LegendPlacement = LegendPlacement.Outside,
        LegendPosition = below ? LegendPosition.BottomCenter : LegendPosition.RightTop,
        LegendOrientation = below ? LegendOrientation.Horizontal : LegendOrientation.Vertical,
        LegendTitle = title,
        LegendFontSize = FontSize,
        LegendBorder = OxyColors.Undefined,
        LegendBackground = OxyColors.Undefined,
        LegendPadding = 6,
        LegendMargin = 8,
        LegendSymbolLength = 18,
        LegendItemSpacing = 16,
        LegendLineSpacing = 2,
    };

    /// <summary>A linear value axis from 0 (bars, counts), with light major grid lines and its title (name the unit).</summary>
    public static LinearAxis LinearAxis(string title, AxisPosition position, string? key = null, bool fromZero = true)
    {
        var a = new LinearAxis { Position = position, Title = title, Key = key, MaximumPadding = 0.08 };
        if (fromZero) { a.Minimum = 0; a.MinimumPadding = 0; }
        else a.MinimumPadding = 0.05;
        return Styled(a);
    }

    /// <summary>A base-10 logarithmic value axis with its title (name the unit).</summary>
    public static LogarithmicAxis LogAxis(string title, AxisPosition position, string? key = null) =>
        Styled(new LogarithmicAxis { Position = position, Title = title, Key = key, Base = 10, MinimumPadding = 0.05, MaximumPadding = 0.05 });

    /// <summary>
    /// Tick labels for data from <paramref name="min"/> to <paramref name="max"/>: plain numbers while every
    /// value lies in [0.001, 100000), otherwise powers of ten drawn with a raised exponent ("10" and a small
    /// "13"; OxyPlot's super-exponential format, which the PDF's Helvetica can show too), never "1e+13".
    /// </summary>
    public static void FitLabels(Axis axis, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(axis);
        double lo = Math.Min(Math.Abs(min), Math.Abs(max)), hi = Math.Max(Math.Abs(min), Math.Abs(max));
        axis.UseSuperExponentialFormat = hi >= 1e5 || (lo > 0 && lo < 1e-3);
    }

    /// <summary>
    /// A category axis with its labels (left to right, or top to bottom), rotated by <paramref name="angle"/>
    /// degrees when there are many.
    /// </summary>
    public static CategoryAxis CategoryAxis(string title, IEnumerable<string> labels, AxisPosition position = AxisPosition.Bottom, string? key = null, double angle = 0)
    {
        var a = new CategoryAxis { Position = position, Title = title, Key = key, Angle = angle, GapWidth = 0.4, IsTickCentered = false };
        a.Labels.AddRange(labels);
        return Styled(a);
    }

    private static T Styled<T>(T a) where T : Axis
    {
        a.TitleFontSize = FontSize;
        a.FontSize = FontSize;
        a.AxisTitleDistance = 10;
        a.IsZoomEnabled = false;
        a.IsPanEnabled = false;
        a.TicklineColor = OxyColor.FromRgb(0x80, 0x80, 0x80);
        if (a is not OxyPlot.Axes.CategoryAxis)
        {
            a.MajorGridlineStyle = LineStyle.Solid;
            a.MajorGridlineColor = OxyColor.FromRgb(0xE0, 0xE0, 0xE0);
        }
        if (a is LogarithmicAxis)
        {
            a.MinorGridlineStyle = LineStyle.Solid;
            a.MinorGridlineColor = OxyColor.FromRgb(0xF2, 0xF2, 0xF2);
        }
        return a;
    }
}
