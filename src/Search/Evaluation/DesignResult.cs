using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>What the full simulator measured for one layer of a design.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="LatencyNs">Layer latency, ns.</param>
/// <param name="EnergyPj">Layer energy without leakage, pJ.</param>
/// <param name="SqnrDb">SQNR of the layer's output under its readout, dB (+∞ when exact; NaN for digital layers).</param>
/// <param name="RowDensity">Fraction of (row, read) pairs driven with a non-zero input slice (crossbar layers).</param>
/// <param name="NonZeroFraction">Fraction of readout decisions that were non-zero (crossbar layers).</param>
public sealed record LayerOutcome(string Name, double LatencyNs, double EnergyPj, double SqnrDb, double RowDensity, double NonZeroFraction);

/// <summary>
/// One full evaluation (compile + cycle-level replay) of one design, as stored in <c>results.jsonl</c>.
/// </summary>
public sealed record DesignResult
{
    /// <summary>The design's stable key (<see cref="Design.Key"/>), or <see cref="BaselineKey"/>.</summary>
    public required string Key { get; init; }
    /// <summary>Who first asked for it: baseline, reference, calibration, lagrangian-dp or evolution (with the phase).</summary>
    public required string Origin { get; init; }
    /// <summary>Zoo spec of the network.</summary>
    public required string NetworkSpec { get; init; }
    /// <summary>Name of the chip.</summary>
    public required string ChipName { get; init; }
    /// <summary>Tiles of the chip.</summary>
    public required int Tiles { get; init; }
    /// <summary>Energy, latency and area.</summary>
    public required DesignMetrics Metrics { get; init; }
    /// <summary>Tera-operations per second per watt.</summary>
    public required double TopsPerW { get; init; }
    /// <summary>Tera-operations per second per mm².</summary>
    public required double TopsPerMm2 { get; init; }
    /// <summary>Multiply-accumulates of one inference.</summary>
    public required long Macs { get; init; }
    /// <summary>Weights of the network.</summary>
    public required long Weights { get; init; }
    /// <summary>Per-layer figures, in network order.</summary>
    public required IReadOnlyList<LayerOutcome> Layers { get; init; }
    /// <summary>Wall time of the evaluation, s (not part of the result's identity).</summary>
    public double Seconds { get; init; }

    /// <summary>Key of the baseline chip as shipped running the baseline network.</summary>
    public const string BaselineKey = "baseline";

    /// <summary>The layer called <paramref name="name"/>, or null.</summary>
    public LayerOutcome? Layer(string name) => Layers.FirstOrDefault(l => l.Name == name);
}
