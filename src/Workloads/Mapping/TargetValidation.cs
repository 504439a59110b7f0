namespace CimSim.Workloads.Mapping;

/// <summary>
/// Range checks on a <see cref="MappingTarget"/> before compiling for it. The architecture loader checks its
/// YAML too; this guards every other caller. The limits keep every partial sum exact in 32-bit integers
/// (rows · (2^cell − 1) · (2^dac − 1) &lt; 2^29) and per-read counts within 16 bits.
/// </summary>
public static class TargetValidation
{
    /// <summary>Throws an <see cref="InputException"/> (field <c>architecture.…</c>) for the first value out of range.</summary>
    public static void Check(MappingTarget t)
    {
        static void Range(string field, int v, int min, int max)
        {
            if (v < min || v > max) throw new InputException(null, 0, 0, "architecture." + field, $"must be {min}..{max}, got {v}");
        }
        Range("crossbar_rows", t.CrossbarRows, 1, 4096);
        Range("crossbar_columns", t.CrossbarColumns, 1, 4096);
        Range("bits_per_cell", t.BitsPerCell, 1, 8);
        Range("dac_bits", t.DacBits, 1, 8);
        Range("weight_bits", t.WeightBits, 2, 16);
        Range("input_bits", t.InputBits, 1, 16);
        Range("crossbars_per_pe", t.CrossbarsPerPe, 1, 1 << 20);
        Range("pes_per_tile", t.PesPerTile, 1, 1 << 20);
        Range("tiles", t.Tiles, 1, 1 << 20);
        if ((long)t.CrossbarRows * ((1L << t.BitsPerCell) - 1) * ((1L << t.DacBits) - 1) >= 1L << 29)
            throw new InputException(null, 0, 0, "architecture", $"a {t.CrossbarRows}-row crossbar with {t.BitsPerCell}-bit cells and {t.DacBits}-bit DACs gives partial sums too large to model exactly");
        if (t.Readout == ReadoutKind.Adc) Range("adc_bits", t.AdcBits, ReadoutSpec.MinAdcBits, ReadoutSpec.MaxAdcBits);
        else Range("scale_factor_bits", t.ScaleFactorBits, 1, 16);
        if (!Enum.IsDefined(t.Readout)) throw new InputException(null, 0, 0, "architecture.readout", $"unknown readout {(int)t.Readout}");
        if (!Enum.IsDefined(t.SignedWeights)) throw new InputException(null, 0, 0, "architecture.signed_weights", $"unknown scheme {(int)t.SignedWeights}");
    }
}
