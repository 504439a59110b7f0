namespace CimSim.Search.Sweep;

/// <summary>A figure a sweep reports: its name in the spec, its column in sweep.csv and its axis label.</summary>
public sealed record SweepFigure(string Name, string Column, string AxisLabel)
{
    /// <summary>Energy per inference.</summary>
    public static readonly SweepFigure Energy = new("energy", "energy_pj", "energy (pJ)");
    /// <summary>Latency per inference.</summary>
    public static readonly SweepFigure Latency = new("latency", "latency_ns", "latency (ns)");
    /// <summary>Chip area.</summary>
    public static readonly SweepFigure Area = new("area", "area_mm2", "area (mm²)");
    /// <summary>Energy × delay × area.</summary>
    public static readonly SweepFigure Edap = new("edap", "edap_pj_ns_mm2", "EDAP (pJ·ns·mm²)");
    /// <summary>TOPS per watt.</summary>
    public static readonly SweepFigure TopsPerW = new("tops_per_w", "tops_per_w", "TOPS/W");
    /// <summary>TOPS per mm².</summary>
    public static readonly SweepFigure TopsPerMm2 = new("tops_per_mm2", "tops_per_mm2", "TOPS/mm²");
    /// <summary>Chip-faithful top-1 accuracy of a trained model (<c>cimsim accuracy</c>'s "chip" figure).</summary>
    public static readonly SweepFigure Accuracy = new("accuracy", "accuracy", "accuracy (top-1)");

    /// <summary>Every figure, in the order results and tables give them.</summary>
    public static IReadOnlyList<SweepFigure> All { get; } = [Energy, Latency, Area, Edap, TopsPerW, TopsPerMm2, Accuracy];

    /// <summary>Figures reported when the spec names none.</summary>
    public static IReadOnlyList<SweepFigure> Default { get; } = [Energy, Latency, Area, Edap];
}
