namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's synchronous clock (<c>Param.cpp</c> <c>synchronous = true</c>): the period is the subarray's sensing
/// path, <c>SubArray::CalculateLatency</c> with <c>CalculateclkFreq</c> (SRAM, conventional parallel read):
/// β × (max(word-line switch matrix, column mux + its decoder) + precharger + sense amplifier + encoder), β = 1.4
/// (<c>Param.cpp</c> <c>beta</c>, "latency factor of sensing cycle", applied when <c>validated</c>). With SAR ADCs the SAR
/// conversion replaces the sense amplifier and encoder. Each stage is restated from its <c>CalculateLatency</c> at the
/// widths and capacitances its <c>Initialize</c>/<c>CalculateArea</c> give (docs/MODELS.md §7.11); times in s.
/// NeuroSim's repeaters in the word line (<c>buffernumber</c> &gt; 0) are used only at 2 and 1 nm, not here.
/// </summary>
/// <param name="SwitchMatrixS">Word-line switch matrix: its transmission gate into the distributed word line.</param>
/// <param name="MuxS">Column mux: one transmission gate (0 without sharing).</param>
/// <param name="MuxDecoderS">The mux's decoder, address inverters to the gate drivers (0 without sharing).</param>
/// <param name="PrechargerS">Bit-line precharger.</param>
/// <param name="SenseS">The multilevel sense amplifier's sensing time, or the SAR ADC's conversion.</param>
/// <param name="EncoderS">The sense amplifier's encoder (0 with SAR ADCs).</param>
public sealed record SubArrayClock(double SwitchMatrixS, double MuxS, double MuxDecoderS, double PrechargerS, double SenseS, double EncoderS)
{
    /// <summary>NeuroSim's latency factor of the sensing cycle (<c>Param.cpp</c> <c>beta</c>).</summary>
    public const double Beta = 1.4;

    /// <summary>The clock period, s.</summary>
    public double PeriodS => Beta * (Math.Max(SwitchMatrixS, MuxS + MuxDecoderS) + PrechargerS + SenseS + EncoderS);

    /// <summary>The sensing path of subarray <paramref name="s"/>.</summary>
    public static SubArrayClock Of(SramSubArray s)
    {
        var d = s.Device;
        double h = d.CellHeightM, ramp = 1e20;
        bool muxed = s.ColumnSharing > 1;
        return new SubArrayClock(SwitchMatrix(s), muxed ? Mux(s) : 0, muxed ? MuxDecoder(s) : 0, Precharger(s),
            s.ColumnSenseTimeS, s.Sar ? 0 : Encoder(s));

        // SwitchMatrix::CalculateLatency (buffernumber = 0, no Horowitz): the gate's RC into its output, 0.69·R_TG·C_out with
        // C_out = 2·C_drain + (C_gate,N + C_gate,P)/2, plus the distributed word line, C_wire·(0.69·R_TG + 0.38·R_wire).
        // R_TG is the N and P gates' un-multiplied on-resistances in parallel.
        static double SwitchMatrix(SramSubArray s)
        {
            var d = s.Device;
            var (wN, wP) = s.SwitchMatrixGateWidthsM;
            double rTg = Parallel(NeuroSimGates.NormalOnResistanceOhm(d, wN, true), NeuroSimGates.NormalOnResistanceOhm(d, wP, false));
            double cOut = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, s.SwitchMatrixGateHeightM) * 2
                          + (NeuroSimGates.GateCapF(d, wN) + NeuroSimGates.GateCapF(d, wP)) / 2;
            return 0.69 * rTg * cOut + s.RowWireCapF * (0.69 * rTg + 0.38 * s.RowWireResistanceOhm);
        }

        // Mux::CalculateLatency (no load): 2.3 (0 → 90 %) × R_TG × (C_drain + (C_gate,N + C_gate,P)/2), at the pass gate's
        // height its last area pass leaves (as the mux energy, SramSubArray.MuxEnergyPerReadJ).
        static double Mux(SramSubArray s)
        {
            var d = s.Device;
            var (wN, wP) = s.MuxGateWidthsM;
            double rTg = Parallel(NeuroSimGates.NormalOnResistanceOhm(d, wN, true), NeuroSimGates.NormalOnResistanceOhm(d, wP, false));
            double height = NeuroSimGates.PassGateHeightM(d, wN, wP, 1);
            double c = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, height) + (NeuroSimGates.GateCapF(d, wN) + NeuroSimGates.GateCapF(d, wP)) / 2;
            return 2.3 * rTg * c;
        }

        // RowDecoder::CalculateLatency, mux mode: Horowitz stages with the ramp carried along — address inverter (into two
        // NAND2 inputs, or straight into the load without NANDs), NAND2 (into a quarter of the NORs, or the load without
        // NORs), NOR (into the enable NAND), then the enable NAND into the driver, the driver's P side into the mux's N
        // gates and its N side into the P gates. The load is the (columns / sharing) muxes' gates.
        double MuxDecoder(SramSubArray s)
        {
            var md = s.MuxDecoder;
            var (mN, mP) = s.MuxGateWidthsM;
            int muxes = s.Columns / s.ColumnSharing, nors = md.Nors;
            double load1 = NeuroSimGates.GateCapF(d, mN) * muxes, load2 = NeuroSimGates.GateCapF(d, mP) * muxes;
            var (invIn, invOut, nandIn, nandOut, norIn, norOut, drvIn, drvOut) = md.Capacitances(d);
            double rInvN = NeuroSimGates.OnResistanceOhm(d, md.Inv.WN, true), rNandN = NeuroSimGates.OnResistanceOhm(d, md.Nand.WN, true);
            double t = 0, r = ramp, rampNor = ramp;
            double Stage(double trS, double rampIn) { var (delay, rampOut) = NeuroSimGates.Horowitz(trS, rampIn); r = rampOut; return delay; }
            t += Stage(rInvN * (invOut + (md.Nands > 0 ? nandIn * 2 : load1)), ramp);
            if (md.Nands > 0) t += Stage(rNandN * 2 * (nandOut + (nors > 0 ? norIn * nors / 4 : load1)), r);
            if (nors > 0) { t += Stage(NeuroSimGates.OnResistanceOhm(d, md.Nor.WP, false) * 2 * (norOut + nandIn), r); rampNor = r; }
            t += Stage(rNandN * (nandOut + invIn), rampNor);
            t += Stage(NeuroSimGates.OnResistanceOhm(d, md.Driver.WP, false) * (drvOut + drvIn + load1), r);
            t += Stage(NeuroSimGates.OnResistanceOhm(d, md.Driver.WN, true) * (drvOut + load2), r);
            return t;
        }

        // Precharger::CalculateLatency: Horowitz of R_P·(C_bitline + C_out) + R_bitline·C_bitline / 2, the precharge PMOS (6F,
        // enlarged) and its equaliser (2F, enlarged) as the output's drains.
        double Precharger(SramSubArray s)
        {
            double wPre = NeuroSimGates.Enlarge(d, 0, 6 * d.FeatureM, h).WP, wEq = NeuroSimGates.Enlarge(d, 0, d.MinNmosWidthM, h).WP;
            double cOut = NeuroSimGates.DrainCapF(d, wPre, false, h) + NeuroSimGates.DrainCapF(d, wEq, false, h);
            double tau = NeuroSimGates.OnResistanceOhm(d, wPre, false) * (s.ColumnCapF + cOut) + s.ColumnWireResistanceOhm * s.ColumnCapF / 2;
            return NeuroSimGates.Horowitz(tau, ramp).DelayS;
        }

        // MultilevelSAEncoder::CalculateLatency: a minimum inverter into two NAND2 inputs, then the NAND2 (N 4·min, P 2·pn·min,
        // not enlarged; pull-down 2 R_N) into the levels/2 inputs of a wide NAND.
        double Encoder(SramSubArray s)
        {
            double min = d.MinNmosWidthM, pn = d.PnSizeRatio, nN = 4 * min, nP = 2 * pn * min;
            double nandIn = NeuroSimGates.InputCapF(d, nN, nP);
            var (t1, r1) = NeuroSimGates.Horowitz(NeuroSimGates.OnResistanceOhm(d, min, true)
                * (NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, min, pn * min, h) + 2 * nandIn), ramp);
            var (t2, _) = NeuroSimGates.Horowitz(NeuroSimGates.OnResistanceOhm(d, nN, true) * 2
                * (NeuroSimGates.OutputCapF(d, GateKind.Nand, 2, nN, nP, h) + nandIn * (s.Levels / 2)), r1);
            return t1 + t2;
        }
    }

    private static double Parallel(double a, double b) => 1 / (1 / a + 1 / b);
}
