namespace CimSim.Search.Sweep;

/// <summary>
/// What one point of a sweep gave: its figures, or the reason it could not run (e.g. the network does not fit the
/// point's chip). Deterministic: no wall times, so a point's result is the same bytes wherever it ran.
/// </summary>
public sealed record SweepResult
{
    /// <summary>The point's index in sweep order.</summary>
    public required int Point { get; init; }
    /// <summary>The point's fingerprint (<see cref="SweepPoint.Fingerprint"/>).</summary>
    public required string Fingerprint { get; init; }
    /// <summary>The line as stored in results.jsonl (no newline).</summary>
    public required string Json { get; init; }
    /// <summary>Energy per inference, pJ (NaN when the point failed).</summary>
    public double EnergyPj { get; init; } = double.NaN;
    /// <summary>Latency per inference, ns.</summary>
    public double LatencyNs { get; init; } = double.NaN;
    /// <summary>Chip area, mm².</summary>
    public double AreaMm2 { get; init; } = double.NaN;
    /// <summary>Energy × latency × area.</summary>
    public double EdapPjNsMm2 { get; init; } = double.NaN;
    /// <summary>TOPS/W.</summary>
    public double TopsPerW { get; init; } = double.NaN;
    /// <summary>TOPS/mm².</summary>
    public double TopsPerMm2 { get; init; } = double.NaN;
    /// <summary>Chip-faithful top-1 accuracy of a trained model; NaN when not measured.</summary>
    public double Accuracy { get; init; } = double.NaN;
    /// <summary>Why the point could not run; null when it ran.</summary>
    public string? Error { get; init; }

    /// <summary>The value of <paramref name="f"/>.</summary>
    public double Value(SweepFigure f) => f.Name switch
    {
        "energy" => EnergyPj, "latency" => LatencyNs, "area" => AreaMm2, "edap" => EdapPjNsMm2,
        "tops_per_w" => TopsPerW, "tops_per_mm2" => TopsPerMm2, "accuracy" => Accuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f.Name, "unknown figure"),
    };
}
