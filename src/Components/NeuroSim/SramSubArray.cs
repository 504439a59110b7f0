using CimSim.Components.Readout;
using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's SRAM subarray in conventional parallel read (<c>SubArray.cpp</c> <c>Initialize</c>,
/// <c>CalculateArea</c>, <c>CalculatePower</c>, operation mode 2) with its multilevel sense amplifier in current
/// mode (<c>MultilevelSenseAmp.cpp</c>): the 10F × 28F cell at F = the node, the word-line and bit-line
/// capacitances, the access-transistor resistance that sets each column's resistance from the rows a read
/// drives, the reference (dummy) columns and the sense-amplifier energy that follows; or, with <see cref="Sar"/>, its SAR
/// ADC in the sense amplifier's place (<c>SarADC.cpp</c>; <c>Param.cpp</c> <c>SARADC = true</c>). Every formula is
/// restated in docs/MODELS.md §7 with the function it comes from.
/// </summary>
public sealed class SramSubArray
{
    /// <summary>The widest ADC the model takes, bits (assumption: NeuroSim's sense-amplifier and SAR fits were made for
    /// 2–32 levels; 10 bits, 1,023 comparators per column, is kept as the limit of what they may be stretched to).</summary>
    public const int MaxAdcBits = 10;

    /// <summary>Device constants.</summary>
    public NeuroSimDevice Device { get; }
    /// <summary>Rows (all read in parallel).</summary>
    public int Rows { get; }
    /// <summary>Columns.</summary>
    public int Columns { get; }
    /// <summary>Columns sharing one sense amplifier (NeuroSim <c>numColMuxed</c>).</summary>
    public int ColumnSharing { get; }
    /// <summary>Output levels of the multilevel sense amplifier (NeuroSim <c>levelOutput</c> = 2^bits).</summary>
    public int Levels { get; }
    /// <summary>Column read voltage the sense-amplifier fits are rescaled to (NeuroSim <c>readVoltage</c>).</summary>
    public double ReadVoltageV { get; }

    /// <summary>Word-line length, m: columns × 28F.</summary>
    public double RowLengthM { get; }
    /// <summary>Bit-line length, m: rows × 10F.</summary>
    public double ColumnLengthM { get; }
    /// <summary>Word-line wire capacitance, F: 0.2 fF/µm × length (<c>capRow1</c> before the access gates).</summary>
    public double RowWireCapF { get; }
    /// <summary>Word-line wire resistance, Ω (<c>resRow</c>: length × the wire's resistance per metre).</summary>
    public double RowWireResistanceOhm => RowLengthM * WireResistanceOhmPerM(Device.Node.WireWidthNm);
    /// <summary>Bit-line wire resistance, Ω (<c>resCol</c>).</summary>
    public double ColumnWireResistanceOhm => ColumnLengthM * WireResistanceOhmPerM(Device.Node.WireWidthNm);
    /// <summary>Word-line capacitance, F (<c>capRow1</c>): 0.2 fF/µm × length + one access-gate capacitance per
    /// column (parallel read: one word line per cell).</summary>
    public double RowCapF { get; }
    /// <summary>Bit-line capacitance, F (<c>capCol</c>): 0.2 fF/µm × length + one access-drain capacitance per row.</summary>
    public double ColumnCapF { get; }
    /// <summary>On-resistance of a cell's access transistor (width 1F), Ω (<c>resCellAccess</c>).</summary>
    public double CellAccessResistanceOhm { get; }
    /// <summary>Bit-line wire resistance per cell, Ω (<c>Param.cpp</c> <c>wireResistanceCol</c>).</summary>
    public double CellWireResistanceOhm { get; }
    /// <summary>The reference resistances of the sense amplifier's levels, Ω (<c>Rref</c>).</summary>
    public IReadOnlyList<double> ReferenceResistancesOhm { get; }
    /// <summary>Sensing time of one column, s (<c>ColumnLatency_Table</c> at the extreme references).</summary>
    public double ColumnSenseTimeS { get; }
    /// <summary>Static power of the shared reference columns charged to each sensed column, W.</summary>
    public double ReferencePowerW { get; }
    /// <summary>Switching energy of one comparator's sensing (column interface, reference activation, latch,
    /// encoder interface), J (<c>Column_SwitchingE</c>).</summary>
    public double ComparatorSwitchingEnergyJ { get; }

    /// <summary>Builds the subarray model.</summary>
    /// <param name="node">Node, roadmap and V_dd.</param>
    /// <param name="rows">Rows (all read in parallel).</param>
    /// <param name="columns">Columns.</param>
    /// <param name="columnSharing">Columns per sense amplifier.</param>
    /// <param name="adcBits">Sense-amplifier resolution; levels = 2^bits.</param>
    /// <param name="readVoltageV">Column read voltage; null = NeuroSim's per-node value.</param>
    /// <param name="sar">A SAR ADC per <paramref name="columnSharing"/> columns instead of the multilevel sense amplifier.</param>
    public SramSubArray(TechnologyNode node, int rows, int columns, int columnSharing, int adcBits, double? readVoltageV = null, bool sar = false)
    {
        Sar = sar;
        if (rows < 1 || columns < 1 || columnSharing < 1 || adcBits < 1 || adcBits > MaxAdcBits)
            throw new ArgumentOutOfRangeException(nameof(rows), $"rows, columns, sharing ≥ 1 and 1 ≤ bits ≤ {MaxAdcBits}");
        var d = Device = NeuroSimDevice.For(node);
        Rows = rows; Columns = columns; ColumnSharing = columnSharing; Levels = 1 << adcBits;
        ReadVoltageV = readVoltageV ?? node.DefaultReadVoltageV;
        double f = d.FeatureM, h = d.CellHeightM;

        // SubArray::Initialize, SRAM, no relaxation: lengthRow = numCol·28F, lengthCol = numRow·10F (F = node).
        RowLengthM = columns * 28 * f;
        ColumnLengthM = rows * 10 * f;
        RowWireCapF = RowLengthM * RepeatedWire.WireCapFPerM;
        RowCapF = RowWireCapF + NeuroSimGates.GateCapF(d, f) * columns;
        ColumnCapF = ColumnLengthM * RepeatedWire.WireCapFPerM + NeuroSimGates.DrainCapF(d, f, nmos: true, h) * rows;
        CellAccessResistanceOhm = NeuroSimGates.OnResistanceOhm(d, f, nmos: true);
        CellWireResistanceOhm = WireResistanceOhmPerM(node.WireWidthNm) * node.WireWidthNm * 1e-9 * 28;

        // MultilevelSenseAmp::Initialize, parallel SRAM: Rref[i] = 1 / (G0 − i·G0/levels), G0 = numRowParallel / R_access.
        double g0 = rows / CellAccessResistanceOhm;
        var rref = new double[Levels - 1];
        for (int i = 0; i < rref.Length; i++) rref[i] = 1 / (g0 - i * g0 / Levels);
        ReferenceResistancesOhm = rref;

        double gN = NeuroSimGates.InputCapF(d, d.MinNmosWidthM, 0);
        double jN = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, d.MinNmosWidthM, 0, h);
        double wP = d.PnSizeRatio * d.MinNmosWidthM;
        double gP = NeuroSimGates.InputCapF(d, 0, wP);
        double jP = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, 0, wP, h);
        _senseAmpGateCapNF = gN;

        // CalculateLatency/CalculatePower: LatencyCol = max(table(Rref[last]), table(Rref[1])); SarADC::CalculateLatency:
        // (log₂ levels + 1) ns per conversion.
        ColumnSenseTimeS = sar ? SarAdcModel.LatencyNs(adcBits) * 1e-9 : Math.Max(ColumnLatencyS(rref[^1]), ColumnLatencyS(rref.Length > 1 ? rref[1] : rref[0]));
        // refpower = Σ_{i=1}^{levels−3} P_col(Rref[i]) / dumcolshared (dumcolshared = levels).
        double refW = 0;
        for (int i = 1; i < rref.Length - 1; i++) refW += ColumnPowerW(rref[i]) / Levels;
        ReferencePowerW = refW;

        // Column_SwitchingE, current mode. NeuroSim's 1/(levelOutput−1) is an integer division (0 for ≥ 3 levels,
        // kept), 1/dumcolshared is not (dumcolshared is a double). reference_energy_peri = capRow1/numCol·V_dd²·numRow.
        double vr2 = ReadVoltageV * ReadVoltageV, vdd2 = d.VddV * d.VddV;
        double intInverse = Levels - 1 == 1 ? 1 : 0;
        double referencePeriJ = RowCapF / columns * vdd2 * rows;
        ComparatorSwitchingEnergyJ =
            ColumnCapF * 2 * (intInverse + 1.0 / Levels) / 2 * vr2
            + referencePeriJ / Levels
            + (gN * 2 + (jN + gN) / (Levels - 1) + (jN + gN) / Levels) * vr2
            + (gP * 2 + gN) * vdd2
            + (gP * 3 + gN * 3 + (jP + jN) * 3 + jP) * vdd2
            + (gP + gN) * vdd2;

        // MultilevelSenseAmp::CalculateArea, current mode: 9 minimum NMOS per comparator + the shared dummy
        // columns. NeuroSim sizes the dummy column with arrayheight = numRow·10·cell.featureSize, where the cell's
        // feature size is the wire width (40 nm at 22 nm), and arraywidthunit = 28F at the node.
        var (nmosArea, _) = NeuroSimGates.Area(d, GateKind.Inv, 1, d.MinNmosWidthM, 0, h);
        double dummyColumnM2 = rows * 10 * node.WireWidthNm * 1e-9 * 28 * f;
        int senseAmps = columns / columnSharing;
        // SarADC::CalculateUnitArea: (269 + 109·(N − 1)) minimum NMOS and (209 + 73·(N − 1)) minimum PMOS (width
        // pnSizeRatio × min) per ADC, N = log₂ levels; no reference columns.
        var (pmosArea, _) = NeuroSimGates.Area(d, GateKind.Inv, 1, 0, d.PnSizeRatio * d.MinNmosWidthM, h);
        SenseAmpAreaM2 = sar
            ? (nmosArea * (269 + 109 * (adcBits - 1)) + pmosArea * (209 + 73 * (adcBits - 1))) * senseAmps
            : (nmosArea * 9 * (Levels - 1) + dummyColumnM2 * (Levels - 1) / Levels) * senseAmps;
        ArrayAreaM2 = RowLengthM * ColumnLengthM;
    }

    private readonly double _senseAmpGateCapNF;

    /// <summary>Cell array area, m².</summary>
    public double ArrayAreaM2 { get; }
    /// <summary>Leakage of one SRAM cell, W: two inverters of 1F N and 1F P devices (<c>SubArray::CalculatePower</c>,
    /// "assume 2 INV"; <c>Param.cpp</c> cell widths at nodes above 14 nm).</summary>
    public double CellLeakageW => NeuroSimGates.LeakageA(Device, GateKind.Inv, 1, Device.FeatureM, Device.FeatureM) * Device.VddV * 2;

    /// <summary>Whether the columns are read by SAR ADCs (<c>SarADC.cpp</c>), not the multilevel sense amplifier.</summary>
    public bool Sar { get; }

    /// <summary>Area of all the subarray's multilevel sense amplifiers with their reference columns (or SAR ADCs), m².</summary>
    public double SenseAmpAreaM2 { get; }

    /// <summary>Resistance of one column when <paramref name="activeRows"/> rows are driven, Ω: the driven cells'
    /// (access + wire) resistances in parallel (<c>ProcessingUnit.cpp</c> <c>GetColumnResistance</c>, SRAM);
    /// infinite with none.</summary>
    public double ColumnResistanceOhm(int activeRows) =>
        activeRows <= 0 ? double.PositiveInfinity : (CellAccessResistanceOhm + CellWireResistanceOhm) / activeRows;

    /// <summary>Word-line energy of a read per driven row, J: C_row·V_dd² × <c>numColMuxed</c> (NeuroSim re-drives
    /// the rows for each mux step; <c>SubArray::CalculatePower</c> <c>readDynamicEnergyArray</c>).</summary>
    public double WordLineEnergyPerActiveRowJ => RowCapF * Device.VddV * Device.VddV * ColumnSharing;

    /// <summary>Energy of one column conversion of a read that drives <paramref name="activeRows"/> rows, J:
    /// (levels − 1)·E_switch + max(0, (P_col(R) + P_ref)·t_sense) (<c>MultilevelSenseAmp::CalculatePower</c>,
    /// current mode; the encoder's dynamic energy is 0 in NeuroSim).</summary>
    public double ConversionEnergyJ(int activeRows) => Sar
        ? SarColumnPowerW(ColumnResistanceOhm(activeRows)) * ColumnSenseTimeS
        : ComparatorSwitchingEnergyJ * (Levels - 1)
          + Math.Max(0, (ColumnPowerW(ColumnResistanceOhm(activeRows)) + ReferencePowerW) * ColumnSenseTimeS);

    /// <summary>A SAR ADC's power while converting a column of resistance R, W (<c>SarADC::GetColumnPower</c>): 1 µW for an
    /// open column, else <see cref="SarAdcModel.PowerUw"/>'s fit (R rescaled by 0.5 V / V_read; NeuroSim's temperature
    /// factor is 1 at its 300 K).</summary>
    public double SarColumnPowerW(double resistanceOhm) =>
        double.IsPositiveInfinity(resistanceOhm) ? 1e-6
        : SarAdcModel.PowerUw(Device.Node, (int)Math.Round(Math.Log2(Levels)), resistanceOhm, ReadVoltageV) * 1e-6;

    /// <summary>Static column power while sensing, W (<c>GetColumnPower</c>, current mode): 1 µW for an open column,
    /// else the fit of <see cref="SenseAmpColumnPower"/> for levels − 1 comparators.</summary>
    public double ColumnPowerW(double resistanceOhm) =>
        double.IsPositiveInfinity(resistanceOhm) ? 1e-6
        : SenseAmpColumnPower.PowerUw(Device.Node, Levels - 1, resistanceOhm, ReadVoltageV) * 1e-6;

    /// <summary>NeuroSim's current-mode sensing-time table (<c>ColumnLatency_Table</c>), s, with its bit-line
    /// capacitance correction above the node's threshold resistance.</summary>
    public double ColumnLatencyS(double resistanceOhm)
    {
        double x = resistanceOhm;
        var (lowA, lowB, hiA, hiB, refCap, dC, r2, threshold) = Device.Node.NodeNm == 22
            ? (-1.32118e-10, 1.7552e-9, 8.02517e-15, 8.51803e-10, 4.5e-15, 0.31e-9, 0.1e6, 12.7e3)
            : (-1.31777e-10, 2.03151e-9, 1.15509e-14, 1.19475e-9, 6.55e-15, 0.55e-9, 0.1e6, 4.83e3);
        double t = x < 4832 ? lowA * Math.Log(x) + lowB : hiA * x + hiB;
        if (x > threshold)
        {
            double columnCap = ColumnCapF + _senseAmpGateCapNF * (Levels - 1 - 2);
            t += dC / (r2 - threshold) * (x - threshold) * ((columnCap - refCap) / refCap);
        }
        return t;
    }

    /// <summary>Bits per weight spread over as many columns (NeuroSim <c>numColPerSynapse</c>, cellBit 1).</summary>
    public int WeightColumns { get; init; } = 8;
    /// <summary>Input bits applied one per read (NeuroSim <c>numReadPulse</c>).</summary>
    public int InputPulses { get; init; } = 8;

    /// <summary>Shift-add energy of one read, J (<c>SubArray::CalculatePower</c>, parallel SRAM, one read of all
    /// rows, <c>numAdd</c> = 1): the weight shift-add (columns/sharing units of (ADC bits)-bit adders) runs
    /// (weight columns − 1)·⌈sharing / weight columns⌉ times, the input shift-add (ADC bits + weight columns)
    /// ⌈sharing / weight columns⌉ times. NeuroSim writes the quotient in integers (<c>ceil(numColMuxed/numCellPerSynapse)</c>),
    /// which makes the shift-add free when fewer columns share a sense amplifier than a weight spans; CimSim takes the real
    /// ceiling (docs/VALIDATION.md §4).</summary>
    public double ShiftAddEnergyPerReadJ
    {
        get
        {
            int units = Columns / ColumnSharing, adcBits = (int)Math.Round(Math.Log2(Levels));
            int passes = (ColumnSharing + WeightColumns - 1) / WeightColumns;
            double e = 0;
            if (WeightColumns > 1) e += (WeightColumns - 1) * passes * NeuroSimDigital.ShiftAddEnergyJ(Device, units, adcBits, WeightColumns);
            if (InputPulses > 1) e += passes * NeuroSimDigital.ShiftAddEnergyJ(Device, units, adcBits + WeightColumns, InputPulses);
            return e;
        }
    }

    /// <summary>Word-line switch matrix (<c>SwitchMatrix.cpp</c>, row mode, neuro): transmission-gate widths sized so the
    /// gate's resistance is <c>switchmatrixsizeratio</c> × the word line's wire resistance (0.2 at 22 nm, 0.1
    /// otherwise; <c>Param.cpp</c>) with the linear-region ratio 0.2, at least 1F each.</summary>
    public (double WN, double WP) SwitchMatrixGateWidthsM
    {
        get
        {
            var d = Device;
            double f = d.FeatureM, ratio = d.Node.NodeNm == 22 ? 0.2 : 0.1;
            double resTg = RowWireResistanceOhm * ratio;
            double wN = Math.Max(f, NeuroSimGates.NormalOnResistanceOhm(d, f, true) * f * 0.2 / (resTg * 2));
            double wP = Math.Max(f, NeuroSimGates.NormalOnResistanceOhm(d, f, false) * f * 0.2 / (resTg * 2));
            return (wN, wP);
        }
    }

    /// <summary>Columns of transmission-gate pairs in the switch matrix: ⌈rows / ⌊H / 28F⌋⌉, as many pairs as fit the
    /// bit-line height H per column (<c>SwitchMatrix::CalculateArea</c>, row mode).</summary>
    internal int SwitchMatrixGateColumns => (int)Math.Ceiling((double)Rows / (int)(ColumnLengthM / Device.CellHeightM));

    /// <summary>Height of one transmission-gate pair of the switch matrix, m: the bit-line height shared evenly by the
    /// ⌈rows / <see cref="SwitchMatrixGateColumns"/>⌉ pairs of a column.</summary>
    internal double SwitchMatrixGateHeightM => ColumnLengthM / (int)Math.Ceiling((double)Rows / SwitchMatrixGateColumns);

    /// <summary>Switch-matrix energy per driven row of a read, J: for each of the <c>numColMuxed</c> re-drives, three
    /// drain capacitances charged to V_read and both gates to V_dd (<c>SwitchMatrix::CalculatePower</c>, neuro row mode).</summary>
    public double SwitchMatrixEnergyPerActiveRowJ
    {
        get
        {
            var d = Device;
            var (wN, wP) = SwitchMatrixGateWidthsM;
            double drain = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, SwitchMatrixGateHeightM);
            double gates = NeuroSimGates.GateCapF(d, wN) + NeuroSimGates.GateCapF(d, wP);
            return (drain * 3 * ReadVoltageV * ReadVoltageV + gates * d.VddV * d.VddV) * ColumnSharing;
        }
    }

    /// <summary>Switch-matrix energy per read independent of the rows, J: its scan-in register of one DFF per row,
    /// clocked <c>numColMuxed</c> times, without activity factor (NeuroSim passes validated = false here).</summary>
    public double SwitchMatrixEnergyPerReadJ => NeuroSimDigital.DffEnergyJ(Device, Rows) * ColumnSharing;

    /// <summary>Column-mux transmission gates (<c>Mux.cpp</c>, analog): sized for 0.25 (<c>IR_DROP_TOLERANCE</c>) × the
    /// resistance of half the rows' access transistors in parallel, at least 1F.</summary>
    public (double WN, double WP) MuxGateWidthsM
    {
        get
        {
            var d = Device;
            double f = d.FeatureM, resTg = CellAccessResistanceOhm / (Rows / 2.0) * 0.25;
            return (Math.Max(f, NeuroSimGates.NormalOnResistanceOhm(d, f, true) * f / (resTg * 2)),
                    Math.Max(f, NeuroSimGates.NormalOnResistanceOhm(d, f, false) * f / (resTg * 2)));
        }
    }

    /// <summary>The column mux's decoder (<c>RowDecoder.cpp</c>, mux mode, log₂ sharing address bits, 2-bit predecoding):
    /// inverters, NAND2s and NORs of ⌈bits / 2⌉ inputs, each enlarged to fill the 28F cell, and two final drivers sized
    /// <c>sizingfactor_MUX</c> × 2·min (110 at 22 nm, 1 elsewhere; <c>Param.cpp</c>), not enlarged.</summary>
    public MuxDecoderGates MuxDecoder
    {
        get
        {
            var d = Device;
            double min = d.MinNmosWidthM, pn = d.PnSizeRatio, h = d.CellHeightM, sizing = d.Node.NodeNm == 22 ? 110 : 1;
            int bits = (int)Math.Ceiling(Math.Log2(ColumnSharing)), norInputs = (bits + 1) / 2;
            return new MuxDecoderGates(bits, norInputs, 4 * (bits / 2), bits > 2 ? 1 << bits : 0,
                NeuroSimGates.Enlarge(d, min, pn * min, h), NeuroSimGates.Enlarge(d, 2 * min, pn * min, h),
                NeuroSimGates.Enlarge(d, min, norInputs * pn * min, h), (2 * min * sizing, 2 * pn * min * sizing));
        }
    }

    /// <summary>Mux-decoder energy per read, J (<c>RowDecoder::CalculatePower</c>, mux mode, once per mux step, × the control
    /// circuits' activity ε = 0.05 of <c>Param.cpp</c>, validated): the address inverters into their NAND2 (or, for an odd
    /// bit, NOR) inputs, one NAND2 output of each group of four into a quarter of the NORs, one NOR output into its enable
    /// NAND, the enable NAND into the driver, the driver's two stages. NeuroSim's integer arithmetic is kept
    /// (⌊bits/2⌋·2 predecoded bits).</summary>
    public double MuxDecoderEnergyPerReadJ
    {
        get
        {
            if (ColumnSharing <= 1) return 0;
            var m = MuxDecoder;
            var c = m.Capacitances(Device);
            int paired = m.AddressBits / 2 * 2;
            double e = (c.InvIn + c.NandIn * 2) * paired + (c.InvIn + c.NorIn * m.Nors / 2) * (m.AddressBits - paired)
                       + (c.NandOut + c.NorIn * m.Nors / 4) * m.Nands / 4
                       + (c.NorOut + c.NandIn)
                       + (c.NandOut + c.DriverIn) + (c.DriverOut + c.DriverIn) + c.DriverOut;
            return e * Device.VddV * Device.VddV * ColumnSharing * NeuroSimDigital.ControlActivity;
        }
    }

    /// <summary>Column-mux energy per read, J: per mux step, the selected gate of each of the columns/sharing muxes
    /// switches (N gate to V_dd, two drains to V_read); the gate height is the unfolded pass gate's
    /// (<see cref="NeuroSimGates.PassGateHeightM"/>, one fold), as NeuroSim's last area pass leaves it.</summary>
    public double MuxEnergyPerReadJ
    {
        get
        {
            if (ColumnSharing <= 1) return 0;
            var d = Device;
            var (wN, wP) = MuxGateWidthsM;
            double h = NeuroSimGates.PassGateHeightM(d, wN, wP, 1);
            double drain = NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, wN, wP, h);
            int muxes = Columns / ColumnSharing;
            return (NeuroSimGates.GateCapF(d, wN) * muxes * d.VddV * d.VddV + drain * 2 * muxes * ReadVoltageV * ReadVoltageV) * ColumnSharing;
        }
    }

    /// <summary>Copper wire resistance per metre at NeuroSim's wire width (<c>Param.cpp</c>: ρ and aspect ratio by
    /// width, barrier correction ρ / (1 − (2·AR·w + w)·b / (AR·w²))), Ω/m. NeuroSim evaluates the correction with b
    /// in metres and w in nanometres, which makes it ≈ 1 + 2e-10; kept as NeuroSim computes it.</summary>
    public static double WireResistanceOhmPerM(double wireWidthNm)
    {
        var (ar, rho, barrierNm) = wireWidthNm switch
        {
            >= 56 and < 80 => (1.8, 2.63e-8, 4.0),
            >= 40 and < 56 => (1.9, 2.97e-8, 2.5),
            _ => throw new ArgumentOutOfRangeException(nameof(wireWidthNm), wireWidthNm, "wire widths of 22 and 32 nm nodes"),
        };
        double w = wireWidthNm;
        rho /= 1 - (2 * ar * w + w) * (barrierNm * 1e-9) / (ar * w * w);
        return rho / (w * 1e-9 * w * 1e-9 * ar);
    }
}

/// <summary>Device widths (N, P), m, and counts of the column mux's decoder (<see cref="SramSubArray.MuxDecoder"/>).</summary>
/// <param name="AddressBits">⌈log₂ column sharing⌉.</param>
/// <param name="NorInputs">Inputs of each NOR, ⌈bits / 2⌉.</param>
/// <param name="Nands">NAND2s of the predecoder, 4·⌊bits / 2⌋.</param>
/// <param name="Nors">Output NORs: 2^bits above 2 address bits, else none (NeuroSim's <c>numNor</c>).</param>
/// <param name="Inv">Address inverters.</param>
/// <param name="Nand">Predecoder NAND2s (and each output's enable NAND).</param>
/// <param name="Nor">Output NORs (⌈bits / 2⌉ inputs).</param>
/// <param name="Driver">The two final inverters that drive the mux's gates.</param>
public sealed record MuxDecoderGates(int AddressBits, int NorInputs, int Nands, int Nors, (double WN, double WP) Inv, (double WN, double WP) Nand,
    (double WN, double WP) Nor, (double WN, double WP) Driver)
{
    /// <summary>M3 wires between the NAND2 and NOR stages: NAND2s + 2 for an odd bit, above 2 address bits (<c>numMetalConnection</c>).</summary>
    public int MetalConnections => AddressBits > 2 ? Nands + AddressBits % 2 * 2 : 0;

    /// <summary>Input and output capacitances of each gate kind, F, in 28F cells (<c>RowDecoder::CalculateArea</c>).</summary>
    public MuxDecoderCaps Capacitances(NeuroSimDevice d)
    {
        double h = d.CellHeightM;
        return new MuxDecoderCaps(NeuroSimGates.InputCapF(d, Inv.WN, Inv.WP), NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, Inv.WN, Inv.WP, h),
            NeuroSimGates.InputCapF(d, Nand.WN, Nand.WP), NeuroSimGates.OutputCapF(d, GateKind.Nand, 2, Nand.WN, Nand.WP, h),
            NeuroSimGates.InputCapF(d, Nor.WN, Nor.WP), NeuroSimGates.OutputCapF(d, GateKind.Nor, NorInputs, Nor.WN, Nor.WP, h),
            NeuroSimGates.InputCapF(d, Driver.WN, Driver.WP), NeuroSimGates.OutputCapF(d, GateKind.Inv, 1, Driver.WN, Driver.WP, h));
    }
}

/// <summary>Input and output capacitances of the mux decoder's gates, F (<see cref="MuxDecoderGates.Capacitances"/>).</summary>
public sealed record MuxDecoderCaps(double InvIn, double InvOut, double NandIn, double NandOut, double NorIn, double NorOut, double DriverIn, double DriverOut);
