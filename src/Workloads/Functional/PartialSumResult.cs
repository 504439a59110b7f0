using CimSim.Workloads.Tracing;

namespace CimSim.Workloads.Functional;

/// <summary>What the partial-sum engine measured for one crossbar layer on one input.</summary>
public sealed class PartialSumResult
{
    /// <summary>Exact integer pre-activation outputs Σ x·w, indexed [vector · C_out + output].</summary>
    public required long[] Ideal { get; init; }
    /// <summary>The same outputs as the chip reconstructs them from its readouts, in integer units, same indexing
    /// (built on first use from <see cref="HatA"/> and <see cref="HatB2"/>: a compile needs only their SQNR).</summary>
    public double[] Readout => _readout ??= Reconstruct();
    /// <summary>Per output, the readout codes times their α code or ADC code (binary/ternary readout, an ADC with an LSB
    /// other than one unit), in units of <see cref="ScaleStep"/>; empty otherwise.</summary>
    internal long[] HatA { get; init; } = [];
    /// <summary>Per output, twice the part of the readout in partial-sum units (an ADC with unit LSB; offset terms).</summary>
    internal long[] HatB2 { get; init; } = [];
    /// <summary>Counts for the trace.</summary>
    public required LayerCounts Counts { get; init; }
    /// <summary>Non-zero q per crossbar read (binary/ternary readout), as in <see cref="LayerTrace.NonZeroPerRead"/>; null for ADC.</summary>
    public required ushort[][]? NonZeroPerRead { get; init; }
    /// <summary>10·log10(Σ ideal² / Σ (ideal − readout)²); +∞ when the readout is exact.</summary>
    public required double SqnrDb { get; init; }
    /// <summary>Real value of one readout code step in partial-sum units: α's code step (binary/ternary readout), the
    /// ADC's LSB when its range is not unit (<see cref="Mapping.AdcRange"/>), else 0.</summary>
    public required double ScaleStep { get; init; }
    /// <summary>
    /// Scale-factor codes α/step for binary/ternary readout, indexed [(rowBlock · InputSlices + slice) · K + k]
    /// with k = output · WeightSlices + weightSlice the readout column of the layer; null for ADC.
    /// </summary>
    public required int[]? ScaleCodes { get; init; }
    /// <summary>Column readouts (ADC conversions or comparator decisions) by the rows their read drove: index k = rows
    /// driven (0 … crossbar rows); sums to <see cref="LayerCounts.ColumnReads"/>.</summary>
    public required long[] ReadoutsByDrivenRows { get; init; }
    /// <summary>Physical-column partial sums computed (one per physical column per crossbar read), for speed figures.</summary>
    public required long PartialSums { get; init; }

    private double[]? _readout;

    /// <summary>One output's reconstructed value: ½·b2 + step·a.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double Reconstructed(long b2, long a, double step) => 0.5 * b2 + step * a;

    private double[] Reconstruct()
    {
        var r = new double[HatB2.Length];
        for (long i = 0; i < r.Length; i++) r[i] = Reconstructed(HatB2[i], HatA.Length > 0 ? HatA[i] : 0, ScaleStep);
        return r;
    }
}
