namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's repeated wire, the unit of its H-trees, X-Y bus and PE buses (<c>HTree.cpp</c>, <c>XYBus.cpp</c>,
/// <c>Bus.cpp</c> <c>Initialize</c> and <c>CalculatePower</c>): wire 0.2 fF/µm and the copper resistance of the
/// node's wire width; the speed-optimal repeater size s = ⌊√(R_min·c_w / (C_in,min·r_w))⌋ and spacing
/// d = √(2·R_min·(C_out,min + C_in,min) / (r_w·c_w)) from a minimum inverter (R = mean of the N and P on-resistances);
/// then, with a delay tolerance τ &gt; 0, the repeater is shrunk (trees: s ← ⌊s/2⌋; buses: s ← s − 1) and d ← 0.9·d
/// until the unit-length delay 0.7·(R_s·(C_in + C_out + c_w·d) + 0.54·r_w·c_w·d² + r_w·d·C_in)/d reaches (1 + τ)×
/// the optimum. Energy per bit per metre (V1.4's updated formula, halved): (C_in + C_out + c_w·d)·V_dd²/d · 0.5;
/// leakage per bit per metre: the repeater's inverter leakage·V_dd / d. docs/MODELS.md §7.
/// </summary>
public sealed record RepeatedWire
{
    /// <summary>Wire capacitance, F/m (NeuroSim: 0.2 fF/µm in every interconnect model).</summary>
    public const double WireCapFPerM = 0.2e-15 / 1e-6;

    /// <summary>NeuroSim's delay tolerance of the tile H-trees and the global bus (<c>Param.cpp</c>
    /// <c>localBusDelayTolerance</c>, <c>globalBusDelayTolerance</c>).</summary>
    public const double TreeDelayTolerance = 0.1;

    /// <summary>Repeater size, in minimum inverters (at least 1 when built).</summary>
    public required int RepeaterSize { get; init; }
    /// <summary>Repeater spacing, m.</summary>
    public required double SpacingM { get; init; }
    /// <summary>Dynamic energy per bit per metre, J/m, before any toggle factor.</summary>
    public required double EnergyJPerBitM { get; init; }
    /// <summary>Leakage per bit per metre, W/m.</summary>
    public required double LeakageWPerBitM { get; init; }
    /// <summary>Delay per metre, s/m.</summary>
    public required double DelaySPerM { get; init; }
    /// <summary>Layout height of one repeater, m (an H-tree's horizontal stages and buses are this wide per bit).</summary>
    public required double RepeaterHeightM { get; init; }
    /// <summary>Layout width of one repeater, m (vertical stages).</summary>
    public required double RepeaterWidthM { get; init; }

    /// <summary>The wire of NeuroSim's H-trees and X-Y bus (τ = 0.1, sizes halved) or of its PE buses (τ = 0, the
    /// optimum: <c>ProcessingUnit.cpp</c> initialises them with tolerance 0) on <paramref name="d"/>.</summary>
    public static RepeatedWire For(NeuroSimDevice d, double delayTolerance, bool tree)
    {
        double rw = SramSubArray.WireResistanceOhmPerM(d.Node.WireWidthNm), cw = WireCapFPerM;
        var min = Repeater(d, 1);
        int size = (int)Math.Floor(Math.Sqrt(min.Ron * cw / min.Cin / rw));
        double dist = Math.Sqrt(2 * min.Ron * (min.Cout + min.Cin) / (rw * cw));
        double UnitDelay(int s, double md)
        {
            var r = Repeater(d, s);
            return 0.7 * (r.Ron * (r.Cin + r.Cout + cw * md) + 0.54 * rw * md * cw * md + rw * md * r.Cin) / md;
        }
        double best = UnitDelay(size, dist);
        if (delayTolerance > 0)
        {
            double delay = 0;
            while (delay < best * (1 + delayTolerance) && (tree || size >= 1))
            {
                size = tree ? size / 2 : size - 1;
                dist *= 0.9;
                delay = UnitDelay(size, dist);
            }
        }
        var fin = Repeater(d, Math.Max(1, size));
        double vdd = d.VddV;
        return new RepeatedWire
        {
            RepeaterSize = Math.Max(1, size), SpacingM = dist,
            EnergyJPerBitM = (fin.Cin + fin.Cout + cw * dist) * vdd * vdd / dist * 0.5,
            LeakageWPerBitM = fin.LeakA * vdd / dist,
            DelaySPerM = 0.7 * (fin.Ron * (fin.Cin + fin.Cout + cw * dist) + 0.54 * rw * dist * cw * dist + rw * dist * fin.Cin) / dist,
            RepeaterHeightM = fin.H, RepeaterWidthM = fin.W,
        };
    }

    /// <summary>An inverter of <paramref name="size"/> minimum inverters at the standard cell height: input and output
    /// capacitance, mean on-resistance, leakage current, layout height and width. (Size 0, reached while shrinking,
    /// is a zero-width device, as in NeuroSim's loop.)</summary>
    private static (double Cin, double Cout, double Ron, double LeakA, double H, double W) Repeater(NeuroSimDevice d, int size)
    {
        double wN = d.MinNmosWidthM * size, wP = d.PnSizeRatio * d.MinNmosWidthM * size;
        var (area, width) = NeuroSimGates.Area(d, GateKind.Inv, 1, wN, wP, d.CellHeightM);
        double h = width > 0 ? area / width : 0;
        double ron = (NeuroSimGates.OnResistanceOhm(d, wN, nmos: true) + NeuroSimGates.OnResistanceOhm(d, wP, nmos: false)) / 2;
        return (NeuroSimGates.InputCapF(d, wN, wP), NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, h), ron,
            NeuroSimGates.LeakageA(d, GateKind.Inv, 1, wN, wP), h, width);
    }
}
