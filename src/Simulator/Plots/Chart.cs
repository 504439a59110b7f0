using OxyPlot;

namespace CimSim.Simulator.Plots;

/// <summary>
/// A chart with the data it shows: <see cref="ChartFiles"/> writes it as <c>BaseName.svg</c>, <c>BaseName.pdf</c>
/// and <c>BaseName.csv</c> side by side.
/// </summary>
/// <param name="BaseName">File name without extension, e.g. "energy_breakdown".</param>
/// <param name="Model">The OxyPlot model (build it with <see cref="BarChart"/>, <see cref="ScatterChart"/>, <see cref="LineChart"/> or <see cref="ChartStyle"/>).</param>
/// <param name="Csv">The data as CSV text (see <see cref="ChartCsv"/>).</param>
/// <param name="Width">Width in SVG px / PDF pt.</param>
/// <param name="Height">Height in SVG px / PDF pt.</param>
public sealed record Chart(string BaseName, PlotModel Model, string Csv, double Width = ChartFiles.DefaultWidth, double Height = ChartFiles.DefaultHeight);
