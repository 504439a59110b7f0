namespace CimSim.Workloads.Mapping;

/// <summary>ADC architecture.</summary>
public enum AdcType
{
    /// <summary>Successive approximation: small, N+1 cycles per conversion (NeuroSim <c>SarADC.cpp</c>).</summary>
    Sar,
    /// <summary>Flash / multilevel sense amplifier: 2^N − 1 comparators, one step per conversion
    /// (NeuroSim <c>MultilevelSenseAmp.cpp</c>).</summary>
    Flash,
}
