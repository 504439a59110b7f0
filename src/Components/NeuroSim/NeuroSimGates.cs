namespace CimSim.Components.NeuroSim;

/// <summary>Logic gate kinds of NeuroSim's layout and capacitance formulas.</summary>
public enum GateKind
{
    /// <summary>Inverter (also a lone NMOS or PMOS device).</summary>
    Inv,
    /// <summary>NOR of n inputs.</summary>
    Nor,
    /// <summary>NAND of n inputs.</summary>
    Nand,
}

/// <summary>
/// NeuroSim V1.4's gate-level formulas for bulk nodes (≥ 22 nm), restated from <c>formula.cpp</c>: standard-cell
/// layout area with transistor folding (<c>CalculateGateArea</c>), gate and drain capacitances
/// (<c>CalculateGateCap</c>, <c>CalculateGateCapacitance</c>, <c>CalculateDrainCap</c>), on-resistance
/// (<c>CalculateOnResistance</c>), sub-threshold leakage (<c>CalculateGateLeakage</c>) and the Horowitz delay
/// (<c>horowitz</c>). Lengths in m, capacitances in F, resistances in Ω, currents in A; 300 K. Layout rules are in
/// units of F (<c>constant.h</c>): poly width 1, gate-poly gap 2.8 (contacted poly pitch 3.8), P-N diffusion gap
/// 3.5, poly extension 1, field-poly gap 1.6.
/// </summary>
public static class NeuroSimGates
{
    private const double PolyWidth = 1.0, GapGatePoly = 2.8, GapPnDiff = 3.5, PolyExtDiff = 1.0, GapFieldPoly = 1.6;
    private const double Cpp = PolyWidth + GapGatePoly;

    /// <summary>Gate capacitance of a device of width <paramref name="widthM"/>: (C_ideal + C_overlap + C_fringe)·W
    /// (NeuroSim's poly-wire term is 0).</summary>
    public static double GateCapF(NeuroSimDevice d, double widthM) =>
        (d.CapIdealGateFPerM + d.CapOverlapFPerM + d.CapFringeFPerM) * widthM;

    /// <summary>The widest P and N devices that fit a cell of height <paramref name="heightM"/> without folding.</summary>
    private static (double maxP, double maxN) MaxWidths(NeuroSimDevice d, double wN, double wP, double heightM)
    {
        double f = d.FeatureM, ratio = wP / (wP + wN), ends = (PolyExtDiff + GapFieldPoly / 2) * 2 * f;
        if (ratio == 0) return (0, heightM - ends);
        if (ratio == 1) return (heightM - ends, 0);
        double maxP = ratio * (heightM - GapPnDiff * f - ends);
        return (maxP, maxP / ratio * (1 - ratio));
    }

    private static int Folds(double w, double max) => w <= max ? 1 : (int)Math.Ceiling(w / max);

    /// <summary>Layout of a gate at fixed cell height: returns (area m², width m). A device wider than fits is
    /// folded into ⌈W/W_max⌉ fingers, its region (folds + 1)·CPP·F wide (2·CPP·F unfolded); n-input NAND/NOR
    /// share diffusion between inputs (− (n − 1)·CPP·F) when neither network folds.</summary>
    public static (double AreaM2, double WidthM) Area(NeuroSimDevice d, GateKind kind, int inputs, double wN, double wP, double heightM)
    {
        double f = d.FeatureM;
        var (maxP, maxN) = MaxWidths(d, wN, wP, heightM);
        int foldP = wP > 0 ? Folds(wP, maxP) : 1, foldN = wN > 0 ? Folds(wN, maxN) : 1;
        double unitP = wP > 0 ? (foldP == 1 ? 2 * Cpp * f : (foldP + 1) * Cpp * f) : 0;
        double unitN = wN > 0 ? (foldN == 1 ? 2 * Cpp * f : (foldN + 1) * Cpp * f) : 0;
        double regionP, regionN;
        if (kind == GateKind.Inv) { regionP = unitP; regionN = unitN; }
        else if (foldP == 1 && foldN == 1)
        {
            regionP = unitP * inputs - (inputs - 1) * f * Cpp;
            regionN = unitN * inputs - (inputs - 1) * f * Cpp;
        }
        else { regionP = unitP * inputs; regionN = unitN * inputs; }
        double width = Math.Max(regionN, regionP);
        return (width * heightM, width);
    }

    /// <summary>NeuroSim's <c>EnlargeSize</c> (bulk): devices narrower than the widest unfolded ones that fit a cell of
    /// height <paramref name="heightM"/> are widened to them (one network only: to H − 3.6F).</summary>
    public static (double WN, double WP) Enlarge(NeuroSimDevice d, double wN, double wP, double heightM)
    {
        var (maxP, maxN) = MaxWidths(d, wN, wP, heightM);
        double ratio = wP / (wP + wN);
        if (ratio == 0) return (wN < maxN ? maxN : wN, wP);
        if (ratio == 1) return (wN, wP < maxP ? maxP : wP);
        return wP < maxP && wN < maxN ? (maxN, maxP) : (wN, wP);
    }

    /// <summary>Height of a pass gate laid out with <paramref name="folds"/> fingers (<c>CalculatePassGateArea</c>, bulk):
    /// W_P/folds + W_N/folds + 3.5F + (1 + 1.6/2)·2F, m — summed in NeuroSim's order, so that its drain capacitance
    /// (<see cref="OutputCapF"/> at this height) folds, or not, exactly as NeuroSim's does: at the unfolded height the two
    /// devices fill the region to the last bit, and NeuroSim's rounding decides.</summary>
    public static double PassGateHeightM(NeuroSimDevice d, double wN, double wP, int folds) =>
        wP / folds + wN / folds + GapPnDiff * d.FeatureM + (PolyExtDiff + GapFieldPoly / 2) * 2 * d.FeatureM;

    /// <summary>Input capacitance of a gate: the gate capacitance of its N and P devices.</summary>
    public static double InputCapF(NeuroSimDevice d, double wN, double wP) => GateCapF(d, wN) + GateCapF(d, wP);

    /// <summary>Output (drain) capacitance of a gate: bottom junction + isolation sidewall + gate-edge sidewall of
    /// the drain diffusions connected to the output, with the same folding as <see cref="Area"/>.</summary>
    public static double OutputCapF(NeuroSimDevice d, GateKind kind, int inputs, double wN, double wP, double heightM)
    {
        double f = d.FeatureM, gap = f * GapGatePoly;
        var (maxP, maxN) = MaxWidths(d, wN, wP, heightM);
        int foldP = wP > 0 ? Folds(wP, maxP) : 1, foldN = wN > 0 ? Folds(wN, maxN) : 1;
        double unitDrainP = 0, unitSourceP = 0, hP = 0, unitDrainN = 0, unitSourceN = 0, hN = 0;
        if (wP > 0)
        {
            unitDrainP = foldP == 1 ? gap : (int)Math.Ceiling((foldP + 1) / 2.0) * gap;
            unitSourceP = foldP == 1 ? gap : (int)Math.Floor((foldP + 1) / 2.0) * gap;
            hP = foldP == 1 ? wP : maxP;
        }
        if (wN > 0)
        {
            unitDrainN = foldN == 1 ? gap : (int)Math.Ceiling((foldN + 1) / 2.0) * gap;
            unitSourceN = foldN == 1 ? gap : (int)Math.Floor((foldN + 1) / 2.0) * gap;
            hN = foldN == 1 ? wN : maxN;
        }
        double drainP = 0, sideP = 0, drainN = 0, sideN = 0;
        int n = inputs;
        switch (kind)
        {
            case GateKind.Inv:
                // NeuroSim uses the PMOS folding count for both sidewall terms of an inverter.
                if (wP > 0) { drainP = unitDrainP; sideP = drainP * 2 + hP * (1 + (foldP + 1) % 2); }
                if (wN > 0) { drainN = unitDrainN; sideN = drainN * 2 + hN * (1 + (foldP + 1) % 2); }
                break;
            case GateKind.Nor:
                if (foldP == 1 && foldN == 1)
                {
                    if (wP > 0) { drainP = unitDrainP * n; sideP = drainP * 2 + hP; }
                    if (wN > 0) { drainN = unitDrainN * Math.Floor((n + 1) / 2.0); sideN = drainN * 2 + hN * (1 - (n + 1) % 2); }
                }
                else
                {
                    if (wP > 0)
                    {
                        drainP = unitDrainP * n + (n - 1) * unitSourceP;
                        sideP = drainP * 2 + hP * (1 + (foldP + 1) % 2) * n + hP * (1 - (foldP + 1) % 2) * (n - 1);
                    }
                    if (wN > 0) { drainN = unitDrainN * n; sideN = drainN * 2 + hN * (1 + (foldN + 1) % 2) * n; }
                }
                break;
            case GateKind.Nand:
                if (foldP == 1 && foldN == 1)
                {
                    if (wP > 0) { drainP = unitDrainP * Math.Floor((n + 1) / 2.0); sideP = drainP * 2 + hP * (1 - (n + 1) % 2); }
                    if (wN > 0) { drainN = unitDrainN * n; sideN = drainN * 2 + hN; }
                }
                else
                {
                    if (wP > 0) { drainP = unitDrainP * n; sideP = drainP * 2 + hP * (1 + (foldP + 1) % 2) * n; }
                    if (wN > 0)
                    {
                        drainN = unitDrainN * n + (n - 1) * unitSourceN;
                        sideN = drainN * 2 + hN * (1 + (foldN + 1) % 2) * n + hN * (1 - (foldN + 1) % 2) * (n - 1);
                    }
                }
                break;
        }
        return (drainN * hN + drainP * hP) * d.CapJunctionFPerM2
             + (sideN + sideP) * d.CapSidewallFPerM
             + (foldN * hN + foldP * hP) * d.CapDrainToChannelFPerM;
    }

    /// <summary>Drain capacitance of one NMOS (<paramref name="nmos"/>) or PMOS device: an inverter's output
    /// capacitance with the other device absent.</summary>
    public static double DrainCapF(NeuroSimDevice d, double widthM, bool nmos, double heightM) =>
        nmos ? OutputCapF(d, GateKind.Inv, 1, widthM, 0, heightM) : OutputCapF(d, GateKind.Inv, 1, 0, widthM, heightM);

    /// <summary>On-resistance, Ω: R = k_eff·V_dd / (I_on·W).</summary>
    public static double OnResistanceOhm(NeuroSimDevice d, double widthM, bool nmos) =>
        d.EffectiveResistanceMultiplier * d.VddV / ((nmos ? d.OnCurrentNmosAPerM : d.OnCurrentPmosAPerM) * widthM);

    /// <summary>On-resistance without CACTI's multiplier (<c>CalculateOnResistance_normal</c>), Ω: V_dd / (I_on·W).</summary>
    public static double NormalOnResistanceOhm(NeuroSimDevice d, double widthM, bool nmos) =>
        d.VddV / ((nmos ? d.OnCurrentNmosAPerM : d.OnCurrentPmosAPerM) * widthM);

    /// <summary>Sub-threshold leakage current of a gate, A (multiply by V_dd for W): inverter (I_N + I_P)/2; NOR
    /// n·I_N × 0.95 (2 inputs) or 0.62; NAND n·I_P × 0.48 (2 inputs) or 0.31.</summary>
    public static double LeakageA(NeuroSimDevice d, GateKind kind, int inputs, double wN, double wP) => kind switch
    {
        GateKind.Inv => (wN * d.OffCurrentNmosAPerM + wP * d.OffCurrentPmosAPerM) / 2,
        GateKind.Nor => (inputs == 2 ? 0.95 : 0.62) * wN * d.OffCurrentNmosAPerM * inputs,
        _ => (inputs == 2 ? 0.48 : 0.31) * wP * d.OffCurrentPmosAPerM * inputs,
    };

    /// <summary>Horowitz delay of a stage with time constant <paramref name="trS"/> driven by a ramp of slope
    /// <paramref name="rampInput"/> (1/s): t = τ·√(ln²0.5 + 2·α·β·0.5), α = 1/(ramp·τ), β = 0.5 (as CACTI);
    /// the output ramp is 0.5/t.</summary>
    public static (double DelayS, double RampOutput) Horowitz(double trS, double rampInput)
    {
        const double vs = 0.5, beta = 0.5;
        double alpha = 1 / rampInput / trS;
        double t = trS * Math.Sqrt(Math.Log(vs) * Math.Log(vs) + 2 * alpha * beta * (1 - vs));
        return (t, (1 - vs) / t);
    }
}

/// <summary>
/// NeuroSim V1.4's digital cells (<c>Adder.cpp</c>, <c>DFF.cpp</c>, <c>ShiftAdd.cpp</c>): energies in J per
/// operation with its <c>validated</c> activity factors (adder δ = 0.15, DFF γ = 0.5, <c>Param.cpp</c>) when
/// <c>validated</c> is set, as in NeuroSim's default.
/// </summary>
public static class NeuroSimDigital
{
    /// <summary>NeuroSim's activity factor of adders (δ, <c>Param.cpp</c>, validated).</summary>
    public const double AdderActivity = 0.15;
    /// <summary>NeuroSim's activity factor of DFFs in shift-adds and accumulators (γ, <c>Param.cpp</c>, validated).</summary>
    public const double DffActivity = 0.5;
    /// <summary>NeuroSim's activity factor of control circuits such as decoders (ε, <c>Param.cpp</c> <c>epsilon</c>, validated).</summary>
    public const double ControlActivity = 0.05;

    /// <summary>The NAND2 of NeuroSim's ripple adder: N 4F, P pn·2F, both widened to fill the 28F cell
    /// (<c>EnlargeSize</c>: each network takes its share of 28F − 3.5F − 3.6F).</summary>
    public static (double WN, double WP) AdderNandWidths(NeuroSimDevice d) =>
        NeuroSimGates.Enlarge(d, 2 * d.MinNmosWidthM, d.PnSizeRatio * d.MinNmosWidthM, d.CellHeightM);

    /// <summary>Energy of one b-bit add before the activity factor, J (<c>Adder::CalculatePower</c>: the switched
    /// NAND2 input and output capacitances of a 9-NAND full adder per bit).</summary>
    public static double AdderEnergyJ(NeuroSimDevice d, int bits)
    {
        var (wN, wP) = AdderNandWidths(d);
        double ci = NeuroSimGates.InputCapF(d, wN, wP), co = NeuroSimGates.OutputCapF(d, GateKind.Nand, 2, wN, wP, d.CellHeightM);
        int m = bits - 1;
        double c = ci * 6 + co * 2 + (ci * 7 + co * 3) * m + (co + ci) * 2 + (co + ci * 2) + (co + ci * 3) + (co + ci)
                 + (co + ci * 3) * m + (co + ci) * m + (co + ci) * 2 * m;
        return c * d.VddV * d.VddV;
    }

    /// <summary>Delay of one b-bit ripple add, s (<c>Adder::CalculateLatency</c>, ramp input 10²⁰ and no load): Horowitz
    /// stages of its NAND2s, pull-down (2 R_N) and pull-up (R_P) alternating — two into the carry chain, two per middle bit
    /// (b − 2 of them), and three out.</summary>
    public static double AdderDelayS(NeuroSimDevice d, int bits)
    {
        var (wN, wP) = AdderNandWidths(d);
        double ci = NeuroSimGates.InputCapF(d, wN, wP), co = NeuroSimGates.OutputCapF(d, GateKind.Nand, 2, wN, wP, d.CellHeightM);
        double down = NeuroSimGates.OnResistanceOhm(d, wN, nmos: true) * 2, up = NeuroSimGates.OnResistanceOhm(d, wP, nmos: false);
        double ramp = 1e20, total = 0, middle = 0;
        double Stage(double trS) { var (t, r) = NeuroSimGates.Horowitz(trS, ramp); ramp = r; return t; }
        total += Stage(down * (co + ci * 3));
        total += Stage(up * (co + ci * 2));
        middle += Stage(down * (co + ci * 3));
        middle += Stage(up * (co + ci * 2));
        if (bits > 2) total += middle * (bits - 2);
        total += Stage(down * (co + ci * 3));
        total += Stage(up * (co + ci));
        total += Stage(down * co);
        return total;
    }

    /// <summary>Energy of clocking <paramref name="dffs"/> DFFs once, all of them switching, before the activity
    /// factor, J (<c>DFF::CalculatePower</c>: clock inverters and transmission gates, D input, feedback and Q sides).</summary>
    public static double DffEnergyJ(NeuroSimDevice d, int dffs)
    {
        double wN = d.MinNmosWidthM, wP = d.PnSizeRatio * d.MinNmosWidthM, h = d.CellHeightM;
        double cii = NeuroSimGates.InputCapF(d, wN, wP), cio = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, h);
        double tgN = NeuroSimGates.GateCapF(d, wN), tgP = NeuroSimGates.GateCapF(d, wP), tgD = cio;
        double perDff = (cii + cio) * 4 + tgN * 2 + tgP * 2 + (tgD * 3 + cii) + (tgD + cio) + (cii + cio);
        return perDff * dffs * d.VddV * d.VddV;
    }

    /// <summary>Leakage of <paramref name="dffs"/> DFFs, W (<c>DFF::CalculatePower</c>: 8 minimum inverters each).</summary>
    public static double DffLeakageW(NeuroSimDevice d, long dffs) =>
        NeuroSimGates.LeakageA(d, GateKind.Inv, 1, d.MinNmosWidthM, d.PnSizeRatio * d.MinNmosWidthM) * d.VddV * 8 * dffs;

    /// <summary>Leakage of <paramref name="adders"/> ripple adders of <paramref name="bits"/> bits, W (<c>Adder::CalculatePower</c>:
    /// 9 NAND2 per bit at <see cref="AdderNandWidths"/>).</summary>
    public static double AdderLeakageW(NeuroSimDevice d, int bits, long adders)
    {
        var (wN, wP) = AdderNandWidths(d);
        return NeuroSimGates.LeakageA(d, GateKind.Nand, 2, wN, wP) * d.VddV * 9 * bits * adders;
    }

    /// <summary>Leakage of a shift-add bank (<c>ShiftAdd::CalculatePower</c>: its adders and DFFs, as <see cref="ShiftAddEnergyJ"/> counts them), W.</summary>
    public static double ShiftAddLeakageW(NeuroSimDevice d, int units, int adderBits, int pulses) =>
        AdderLeakageW(d, adderBits, units) + DffLeakageW(d, (long)(adderBits + pulses) * units);

    /// <summary>One pass of a shift-add bank (<c>ShiftAdd::CalculatePower</c>, binary mode) of
    /// <paramref name="units"/> units of <paramref name="adderBits"/>-bit adders and (bits + 1 + pulses − 1) DFFs
    /// each, with the activity factors, J.</summary>
    public static double ShiftAddEnergyJ(NeuroSimDevice d, int units, int adderBits, int pulses) =>
        AdderEnergyJ(d, adderBits) * units * AdderActivity + DffEnergyJ(d, (adderBits + pulses) * units) * DffActivity;
}
