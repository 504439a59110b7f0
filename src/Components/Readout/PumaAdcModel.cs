using CimSim.Components.Costs;

namespace CimSim.Components.Readout;

/// <summary>
/// PUMA's ADC (PUMAsim <c>constants.py</c>, ISAAC-derived, 32 nm): per bit of resolution 12.5 ns, 0.225 mW
/// dynamic and 0.025 mW leakage; 0.0012 mm² whatever the bits. The table latency is the time to convert the
/// 128 columns of one MVMU (ISAAC: one 1.28 GS/s ADC per 128 columns, 100 ns at 8 bits), so one conversion
/// takes 12.5·N/128 ns and costs 0.225·N mW × that time.
/// </summary>
public static class PumaAdcModel
{
    /// <summary>Columns one table latency covers (ISAAC/PUMA MVMU width).</summary>
    public const int ColumnsPerTableLatency = 128;

    /// <summary>Latency of one conversion, ns.</summary>
    public static double LatencyNs(int bits) => 12.5 * bits / ColumnsPerTableLatency;

    /// <summary>Energy of one conversion, pJ (mW × ns).</summary>
    public static double EnergyPj(int bits) => 0.225 * bits * LatencyNs(bits);

    /// <summary>The ADC bank's cost table.</summary>
    public static ComponentCost Cost(int bits, long instances) =>
        new(ComponentNames.Adc, ComponentClasses.Adc, instances, 0.0012 * 1e6, 0.025 * bits * 1e3,
            new Dictionary<string, ActionCost> { [ActionNames.Convert] = new(EnergyPj(bits), LatencyNs(bits)) },
            $"PUMA constants.py adc {bits}-bit (12.5 ns, 0.225 mW, 0.025 mW leak per bit; 1200 µm²), per conversion = table/128");
}
