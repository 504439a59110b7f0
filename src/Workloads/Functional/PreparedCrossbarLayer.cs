using CimSim.Workloads.Mapping;

namespace CimSim.Workloads.Functional;

/// <summary>
/// The weight side of one crossbar layer on one chip, built once by <see cref="PartialSumEngine.Prepare"/> and reused
/// for every input: its geometry, every crossbar's cells as bit planes, and (binary/ternary readout) its scale factors.
/// Immutable, so one instance serves any number of threads.
/// </summary>
public sealed class PreparedCrossbarLayer
{
    internal PreparedCrossbarLayer(CrossbarGeometry geometry, MappingTarget target, ulong[][][] cells, int[] centreMul,
        int[]? codes, int[]? thresholds, double step, AdcTransfer? adc)
    {
        Geometry = geometry;
        Target = target;
        Cells = cells;
        CentreMul = centreMul;
        Codes = codes;
        Thresholds = thresholds;
        Step = step;
        Adc = adc;
        _bitSliced = new Lazy<BitSlicedPlan?>(() => BitSlicedLayer.Plan(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<BitSlicedPlan?> _bitSliced;

    internal CrossbarGeometry Geometry { get; }
    /// <summary>The chip the layer is mapped on.</summary>
    public MappingTarget Target { get; }
    internal ulong[][][] Cells { get; }
    internal int[] CentreMul { get; }
    internal int[]? Codes { get; }
    internal int[]? Thresholds { get; }
    /// <summary>Real value of one scale-factor code step (binary/ternary readout with scale factors), else 0.</summary>
    public double Step { get; }
    /// <summary>The ADC's transfer function when its LSB is not one unit (<see cref="AdcRange.Full"/>, or
    /// <see cref="AdcRange.Calibrated"/> once calibrated); null for a unit LSB or comparators.</summary>
    internal AdcTransfer? Adc { get; }
    /// <summary>The layer's weights one byte each, per output over <see cref="ExactDot.PaddedRows"/> rows, when its exact sums may
    /// come from integer dot products (a unit-LSB ADC over 1-bit cells and a 1-bit DAC, a dense layer, inputs of at most 8 bits:
    /// <see cref="PartialSumEngine"/>); else null.</summary>
    internal sbyte[]? Int8Weights { get; init; }
    /// <summary>How <see cref="BitSlicedLayer"/> computes this layer, built on first use; null when it does not cover it.</summary>
    internal BitSlicedPlan? BitSliced => _bitSliced.Value;
    /// <summary>The ADC's LSB in partial-sum units: 1 for a unit range, 0 until a calibrated range is known or without an ADC.</summary>
    public double AdcLsb => Adc?.Lsb ?? (Target.Readout == ReadoutKind.Adc && Target.AdcRange == AdcRange.Unit ? 1 : 0);
    /// <summary>Whether the readout still needs calibration data (binary/ternary without α, an ADC with a calibrated range).</summary>
    public bool NeedsCalibration => Target.Readout == ReadoutKind.Adc ? Target.AdcRange == AdcRange.Calibrated && Adc is null : Codes is null;
    /// <summary>Output channels × input vectors: the length of <see cref="PartialSumEngine.Reconstruct(PreparedCrossbarLayer, ushort[], float[], double)"/>'s output.</summary>
    public int Outputs => Geometry.Outputs * Geometry.Vectors;
}
