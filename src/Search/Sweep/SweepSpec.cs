using CimSim.Simulator.Architecture;

namespace CimSim.Search.Sweep;

/// <summary>
/// A design-space sweep read from a sweep YAML file (docs/SWEEP.md): a base chip and network, the points to
/// simulate (a Cartesian product of varied fields and/or explicit points, each already validated) and the figures
/// to report. Built by <see cref="SweepSpecLoader"/>.
/// </summary>
public sealed class SweepSpec
{
    /// <summary><c>name</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The file the spec was read from, as given (messages) — absolute in <see cref="FullPath"/>.</summary>
    public required string FileName { get; init; }
    /// <summary>Absolute path of the spec file.</summary>
    public required string FullPath { get; init; }
    /// <summary><c>base.chip</c> resolved against the spec file's directory.</summary>
    public required string BaseChipPath { get; init; }
    /// <summary>The base chip.</summary>
    public required ChipSpec BaseChip { get; init; }
    /// <summary>The varied fields, in the order the spec gives them (the chart's x axis is the first).</summary>
    public required IReadOnlyList<string> Fields { get; init; }
    /// <summary>Every point, in sweep order (the product's, first field slowest, then the explicit points).</summary>
    public required IReadOnlyList<SweepPoint> Points { get; init; }
    /// <summary><c>figures</c>: what sweep.csv and the chart show (results.jsonl always carries every figure).</summary>
    public required IReadOnlyList<SweepFigure> Figures { get; init; }
    /// <summary><c>accuracy</c>: how the chip-faithful accuracy of a trained model is measured; null when the figures do not include it.</summary>
    public SweepAccuracy? Accuracy { get; init; }
    /// <summary>Hash of the spec's and the base chip's text (and a network file's): shards of another spec are refused.</summary>
    public required string Fingerprint { get; init; }
}

/// <summary>The spec's <c>accuracy</c> section: the images a point's chip-faithful accuracy is measured on (docs/SWEEP.md).</summary>
/// <param name="Dataset">A dataset name or path (<see cref="Workloads.Datasets.DatasetSource.Open"/>); null: the model's own.</param>
/// <param name="Images">The first this many images (0: all).</param>
/// <param name="Calibration">Images that calibrate the activation steps and α the model does not give.</param>
public sealed record SweepAccuracy(string? Dataset, int Images, int Calibration);
