using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.Readout;

/// <summary>
/// NeuroSim's SAR ADC (<c>SarADC.cpp</c>, V1.4). N bits: latency (N+1) ns; area
/// A_n·(269 + 109(N−1)) + A_p·(209 + 73(N−1)); power P = (a·N + b) µW + c·exp(−k·log10 R) W with R the column
/// resistance scaled by 0.5 V / V_read; energy = P·(N+1) ns. NeuroSim sets its leakage to 0.
/// </summary>
public static class SarAdcModel
{
    /// <summary>Latency of one conversion, ns.</summary>
    public static double LatencyNs(int bits) => bits + 1;

    /// <summary>Area of one ADC, µm² (A_n = A_p = the node's minimum device area).</summary>
    public static double AreaUm2(TechnologyNode t, int bits) =>
        t.MinDeviceAreaUm2 * (269 + 109 * (bits - 1)) + t.MinDeviceAreaUm2 * (209 + 73 * (bits - 1));

    /// <summary>Power during a conversion, µW.</summary>
    public static double PowerUw(TechnologyNode t, int bits, double columnResistanceOhm, double readVoltageV)
    {
        var (a, b, c, k) = (t.NodeNm, t.Roadmap) switch
        {
            (22, DeviceRoadmap.Lstp) => (0.538, 4.3753, 0.072341, 2.303),
            (32, DeviceRoadmap.Lstp) => (1.1294, 8.8998, 0.079449, 2.297),
            (22, DeviceRoadmap.Hp) => (0.7213, 3.3041, 0.084273, 2.311),
            (32, DeviceRoadmap.Hp) => (1.0157, 7.6286, 0.083709, 2.313),
            _ => throw new ArgumentOutOfRangeException(nameof(t), t.NodeNm, "no SAR fit for this node"),
        };
        double r = columnResistanceOhm * 0.5 / readVoltageV;
        return a * bits + b + c * Math.Exp(-k * Math.Log10(r)) * 1e6;
    }

    /// <summary>Energy of one conversion, pJ.</summary>
    public static double EnergyPj(TechnologyNode t, int bits, double columnResistanceOhm, double readVoltageV) =>
        PowerUw(t, bits, columnResistanceOhm, readVoltageV) * LatencyNs(bits) * 1e-3;

    /// <summary>The ADC bank's cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, double columnResistanceOhm, double readVoltageV, long instances) =>
        new(ComponentNames.Adc, ComponentClasses.Adc, instances, AreaUm2(t, bits), 0,
            new Dictionary<string, ActionCost> { [ActionNames.Convert] = new(EnergyPj(t, bits, columnResistanceOhm, readVoltageV), LatencyNs(bits)) },
            $"NeuroSim SarADC.cpp {bits}-bit, {t.NodeNm} nm {t.Roadmap}, R_col={columnResistanceOhm} Ω, V_read={readVoltageV} V");
}
