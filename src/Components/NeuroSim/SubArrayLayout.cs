namespace CimSim.Components.NeuroSim;

/// <summary>
/// The floorplan of NeuroSim V1.4's SRAM subarray (<c>SubArray::CalculateArea</c>, conventional parallel read, current-mode
/// multilevel sense amplifier with its encoder, or SAR ADCs without one): each periphery block's area as its own <c>CalculateArea</c> computes it in the layout
/// <c>SubArray</c> asks for, and the bounding box; and each block's leakage at the device widths its layout settled
/// (<c>SubArray::CalculatePower</c>). Blocks stacked under the array are one array width W wide; the word-line switch
/// matrix and the mux decoder sit in a strip left of it. docs/MODELS.md §7.8. All areas m², lengths m, powers W.
/// </summary>
public sealed class SubArrayLayout
{
    private const double M3Pitch = 2.8; // constant.h M3_PITCH, in F

    /// <summary>Lays out <paramref name="s"/> (its geometry, sharing, ADC levels, weight columns and input pulses).</summary>
    public SubArrayLayout(SramSubArray s)
    {
        var d = s.Device;
        double f = d.FeatureM, h = d.CellHeightM, w = s.RowLengthM, min = d.MinNmosWidthM, pn = d.PnSizeRatio;
        double Width(GateKind k, int inputs, double wN, double wP, double height = 0) => NeuroSimGates.Area(d, k, inputs, wN, wP, height > 0 ? height : h).WidthM;
        int units = s.Columns / s.ColumnSharing, adcBits = (int)Math.Round(Math.Log2(s.Levels));

        // Precharger (Precharger.cpp): per column two precharge PMOS (6F) and an equaliser (2F), enlarged, stacked 84F
        // high in as many rows as the columns need.
        double prechargeP = NeuroSimGates.Enlarge(d, 0, 6 * f, h).WP;
        double wPre = Math.Max(Width(GateKind.Inv, 1, 0, prechargeP), Width(GateKind.Inv, 1, 0, NeuroSimGates.Enlarge(d, 0, min, h).WP));
        PrechargerHeightM = Rows(s.Columns, w, wPre) * 3 * h;
        // SRAM write driver (SRAMWriteDriver.cpp): one enlarged inverter per column, 3 cells high.
        var (wdN, wdP) = NeuroSimGates.Enlarge(d, min, pn * min, h);
        WriteDriverHeightM = Rows(s.Columns, w, Width(GateKind.Inv, 1, wdN, wdP)) * 3 * h;
        // Encoder (MultilevelSAEncoder.cpp), one per ADC, gates not enlarged: (L − 1) inverters and NAND2s and log₂L
        // NANDs of L/2 inputs, folded into one cell of width inverter + NAND2 + wide NAND.
        double wI = Width(GateKind.Inv, 1, min, pn * min), wN2 = Width(GateKind.Nand, 2, 4 * min, 2 * pn * min);
        double wNl = Width(GateKind.Nand, s.Levels / 2, 4 * min, 2 * pn * min), wE = wI + wN2 + wNl;
        double hE = ((wI + wN2) * h * (s.Levels - 1) + wNl * adcBits * h) / wE;
        EncoderHeightM = s.Sar ? 0 : hE * Math.Ceiling((double)units / Math.Min(Math.Ceiling(w / wE), units)); // a SAR ADC has its own
        // Word-line switch matrix (SwitchMatrix.cpp, row mode) beside the array: transmission-gate pairs in columns of
        // the bit-line height, and a scan register of one DFF (12 minimum inverters wide) per row.
        var (tgN, tgP) = s.SwitchMatrixGateWidthsM;
        double dff = 12 * wI;
        SwitchMatrixWidthM = 2 * Width(GateKind.Inv, 1, tgN, tgP, s.SwitchMatrixGateHeightM) * s.SwitchMatrixGateColumns
                             + dff * Math.Ceiling((double)s.Rows / Math.Min((int)(s.ColumnLengthM / h), s.Rows));
        // Mux decoder (RowDecoder.cpp, mux mode, log₂ sharing address bits): inverters, NAND2s and NORs enlarged, then
        // two final drivers sized sizingfactor_MUX × 2·min (110 at 22 nm, 1 elsewhere; Param.cpp), M3 wiring.
        var md = s.MuxDecoder;
        int bits = md.AddressBits, norInputs = md.NorInputs, nands = md.Nands, nors = md.Nors;
        var (iN, iP) = md.Inv;
        var (aN, aP) = md.Nand;
        var (oN, oP) = md.Nor;
        double wNa = Width(GateKind.Nand, 2, aN, aP), wNo = Width(GateKind.Nor, norInputs, oN, oP);
        double wDrv = Width(GateKind.Inv, 1, md.Driver.WN, md.Driver.WP);
        MuxDecoderHeightM = s.ColumnSharing > 1 ? Math.Max(h * nors, h * nands) : 0;
        MuxDecoderWidthM = s.ColumnSharing > 1 ? Width(GateKind.Inv, 1, iN, iP) + wNa + M3Pitch * md.MetalConnections * f + wNo + wNa + 2 * wDrv : 0;
        // Column mux (Mux.cpp, analog): its pass gates are laid out under the array, but SubArray then overrides its
        // height to the decoder's when that is taller.
        var (mN, mP) = s.MuxGateWidthsM;
        double minCell = 2 * 3.8 * f;
        int perRow = (int)(w / minCell), tgRows = (int)Math.Ceiling((double)s.Columns / perRow);
        perRow = (int)Math.Ceiling((double)s.Columns / tgRows);
        int fold = (int)(w / perRow / (0.5 * minCell)) - 1;
        double passGates = (mP / fold + mN / fold + 3.5 * f + 3.6 * f) * tgRows;
        MuxHeightM = s.ColumnSharing > 1 ? Math.Max(MuxDecoderHeightM, passGates) : 0;
        // Shift-adders (ShiftAdd.cpp; Adder.cpp; DFF.cpp fitted to W): units of (bits)-bit adders, 9 enlarged NAND2 per bit
        // (their area spread over W, not in whole rows), a row of control cells, and (bits + pulses) DFFs per unit.
        double ShiftAddHeight(int nBit, int pulses)
        {
            double adder = 9 * wNa * nBit * h * units / w;
            int dffs = (nBit + pulses) * units;
            return adder + h + h * Math.Ceiling((double)dffs / Math.Min((int)(w / dff), dffs));
        }
        WeightShiftAddHeightM = s.WeightColumns > 1 ? ShiftAddHeight(adcBits, s.WeightColumns) : 0;
        InputShiftAddHeightM = s.InputPulses > 1 ? ShiftAddHeight(adcBits + s.WeightColumns, s.InputPulses) : 0;

        // Leakage of the periphery (SubArray::CalculatePower sums each block's CalculatePower leakage), at the widths
        // their CalculateArea left: two enlarged precharge PMOS and three enlarged write-driver inverters per column; the
        // switch matrix's scan DFFs (its gates do not leak in NeuroSim); the encoder's NAND2s, wide NANDs and five
        // inverters per level (none with SAR ADCs, whose leakage NeuroSim sets to 0, as the multilevel sense amplifier's);
        // the mux decoder's inverters, NAND2s and NORs; both shift-adders' adders and DFFs. The column mux leaks 0.
        double Leak(GateKind k, int inputs, double wN, double wP) => NeuroSimGates.LeakageA(d, k, inputs, wN, wP) * d.VddV;
        PrechargerLeakageW = 2 * Leak(GateKind.Inv, 1, 0, prechargeP) * s.Columns;
        WriteDriverLeakageW = Leak(GateKind.Inv, 1, wdN, wdP) * 3 * s.Columns;
        SwitchMatrixLeakageW = NeuroSimDigital.DffLeakageW(d, s.Rows);
        EncoderLeakageW = s.Sar ? 0
            : (Leak(GateKind.Nand, 2, 4 * min, 2 * pn * min) * (s.Levels - 1) + Leak(GateKind.Nand, s.Levels / 2, 4 * min, 2 * pn * min) * adcBits
               + Leak(GateKind.Inv, 1, min, pn * min) * 5 * (s.Levels - 1)) * units;
        MuxDecoderLeakageW = s.ColumnSharing > 1 // RowDecoder::CalculatePower with MUX = true: a NAND2 and two inverters per output
            ? Leak(GateKind.Inv, 1, iN, iP) * (bits + 2 * nors) + Leak(GateKind.Nand, 2, aN, aP) * (nands + nors) + Leak(GateKind.Nor, norInputs, oN, oP) * nors
            : 0;
        ShiftAddLeakageW = (s.WeightColumns > 1 ? NeuroSimDigital.ShiftAddLeakageW(d, units, adcBits, s.WeightColumns) : 0)
                           + (s.InputPulses > 1 ? NeuroSimDigital.ShiftAddLeakageW(d, units, adcBits + s.WeightColumns, s.InputPulses) : 0);

        HeightM = PrechargerHeightM + WriteDriverHeightM + s.ColumnLengthM + s.SenseAmpAreaM2 / w + EncoderHeightM
                  + InputShiftAddHeightM + WeightShiftAddHeightM + MuxHeightM;
        WidthM = Math.Max(SwitchMatrixWidthM, MuxDecoderWidthM) + w;
        ArrayWidthM = w;
        SwitchMatrixAreaM2 = SwitchMatrixWidthM * s.ColumnLengthM;
        ReadoutAreaM2 = s.SenseAmpAreaM2 + (EncoderHeightM + MuxHeightM) * w + MuxDecoderHeightM * MuxDecoderWidthM;
        ShiftAddAreaM2 = (WeightShiftAddHeightM + InputShiftAddHeightM) * w;
    }

    private static double Rows(int items, double rowWidth, double itemWidth) => Math.Ceiling(items / Math.Min(Math.Floor(rowWidth / itemWidth), items));

    /// <summary>Array width W (the stacked blocks' width).</summary>
    public double ArrayWidthM { get; }
    /// <summary>Block heights under the array.</summary>
    public double PrechargerHeightM { get; }
    /// <inheritdoc cref="PrechargerHeightM"/>
    public double WriteDriverHeightM { get; }
    /// <inheritdoc cref="PrechargerHeightM"/>
    public double EncoderHeightM { get; }
    /// <inheritdoc cref="PrechargerHeightM"/>
    public double MuxHeightM { get; }
    /// <inheritdoc cref="PrechargerHeightM"/>
    public double WeightShiftAddHeightM { get; }
    /// <inheritdoc cref="PrechargerHeightM"/>
    public double InputShiftAddHeightM { get; }
    /// <summary>Width of the switch matrix beside the array (the bit line's height tall).</summary>
    public double SwitchMatrixWidthM { get; }
    /// <summary>Mux decoder's height and width (beside the array).</summary>
    public double MuxDecoderHeightM { get; }
    /// <inheritdoc cref="MuxDecoderHeightM"/>
    public double MuxDecoderWidthM { get; }
    /// <summary>The subarray's bounding box (NeuroSim's subarray area = height × width).</summary>
    public double HeightM { get; }
    /// <inheritdoc cref="HeightM"/>
    public double WidthM { get; }
    /// <summary>The word-line switch matrix's area (its width × the bit line's height).</summary>
    public double SwitchMatrixAreaM2 { get; }
    /// <summary>The readout blocks' area: sense amplifiers with their reference columns, encoder, column mux and its decoder.</summary>
    public double ReadoutAreaM2 { get; }
    /// <summary>The weight and input shift-adders' area.</summary>
    public double ShiftAddAreaM2 { get; }
    /// <summary>Leakage of the periphery blocks, W: precharger, write driver, switch matrix, encoder, mux decoder and both
    /// shift-adders (the cells' is <see cref="SramSubArray.CellLeakageW"/>).</summary>
    public double PrechargerLeakageW { get; }
    /// <inheritdoc cref="PrechargerLeakageW"/>
    public double WriteDriverLeakageW { get; }
    /// <inheritdoc cref="PrechargerLeakageW"/>
    public double SwitchMatrixLeakageW { get; }
    /// <inheritdoc cref="PrechargerLeakageW"/>
    public double EncoderLeakageW { get; }
    /// <inheritdoc cref="PrechargerLeakageW"/>
    public double MuxDecoderLeakageW { get; }
    /// <inheritdoc cref="PrechargerLeakageW"/>
    public double ShiftAddLeakageW { get; }
    /// <summary>Bounding-box area, m².</summary>
    public double AreaM2 => HeightM * WidthM;
}
