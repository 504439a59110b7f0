namespace CimSim.Workloads.Mapping;

/// <summary>
/// HCiM's digital-CiM scale-factor unit (YAML <c>scale_factor_unit</c>): the SRAM array that holds the per-column
/// scale factors α and the lanes that add them for every non-zero comparator output. Part of the one readout
/// record, <see cref="ReadoutSpec"/>; REFERENCE marks the DCiM's size, cycles and energy unknown, so these fields
/// are the assumptions each chip file states.
/// </summary>
/// <param name="Bits">Bits of α (HCiM: 8).</param>
/// <param name="ArrayRows">SRAM array rows (sets the bit-line length).</param>
/// <param name="ArrayColumns">SRAM array columns.</param>
/// <param name="ColumnsPerCycle">Non-zero outputs added per DCiM cycle (parallel lanes).</param>
/// <param name="ZeroSkipping">Whether q = 0 is skipped (HCiM) or every column processed.</param>
/// <param name="AccumulatorBits">Adder and accumulator width.</param>
/// <param name="CrossbarsPerUnit">Crossbars served by one unit.</param>
/// <param name="SramReadEnergyFjPerBit">Replaces the modelled α read energy per bit, fJ; null = modelled.</param>
public sealed record ScaleFactorUnitSpec(int Bits, int ArrayRows, int ArrayColumns, int ColumnsPerCycle, bool ZeroSkipping,
    int AccumulatorBits, int CrossbarsPerUnit = ScaleFactorUnitSpec.DefaultCrossbarsPerUnit, double? SramReadEnergyFjPerBit = null)
{
    /// <summary>YAML section name.</summary>
    public const string Section = "scale_factor_unit";

    /// <summary>Default crossbars per unit: one unit per crossbar (assumption: HCiM places a DCiM beside each array).</summary>
    public const int DefaultCrossbarsPerUnit = 1;

    /// <summary>Range of α's bits (assumption: past any PSQ scale factor published; α codes are stored as 16-bit values).</summary>
    public const int MinBits = 1, MaxBits = 16;

    /// <summary>Every rule broken on a chip of <paramref name="crossbarColumns"/>-column crossbars, <paramref name="crossbarsPerPe"/>
    /// crossbars per PE and <paramref name="inputSlices"/> input slices per vector: (field, reason).</summary>
    public IEnumerable<(string Field, string Reason)> Problems(int crossbarColumns, int crossbarsPerPe, int inputSlices)
    {
        if (Bits < MinBits || Bits > MaxBits) yield return Range("bits", Bits, MinBits, MaxBits);
        if (ArrayRows < 1 || ArrayRows > 4096) yield return Range("array_rows", ArrayRows, 1, 4096);
        if (ArrayColumns < 1 || ArrayColumns > 4096) yield return Range("array_columns", ArrayColumns, 1, 4096);
        if (CrossbarsPerUnit < 1 || crossbarsPerPe % CrossbarsPerUnit != 0)
            yield return ($"{Section}.crossbars_per_unit", $"{CrossbarsPerUnit} must divide hierarchy.crossbars_per_pe ({crossbarsPerPe})");
        else
        {
            long lanes = (long)crossbarColumns * CrossbarsPerUnit;
            if (ColumnsPerCycle < 1 || ColumnsPerCycle > lanes) yield return Range("columns_per_cycle", ColumnsPerCycle, 1, lanes);
            long need = (long)CrossbarsPerUnit * crossbarColumns * (inputSlices * (long)Bits + AccumulatorBits);
            long have = (long)ArrayRows * ArrayColumns;
            if (have < need)
                yield return ($"{Section}.array_rows",
                    $"the {ArrayRows}×{ArrayColumns} array holds {have} bits but needs {need}: " +
                    $"{CrossbarsPerUnit} crossbar(s) × {crossbarColumns} columns × ({inputSlices} input slices × {Bits}-bit α + {AccumulatorBits}-bit accumulator)");
        }
        if (AccumulatorBits < Bits || AccumulatorBits > 64) yield return Range("accumulator_bits", AccumulatorBits, Bits, 64);
        if (SramReadEnergyFjPerBit is < 0)
            yield return ($"{Section}.sram_read_energy_fj_per_bit", $"must not be negative, got {SramReadEnergyFjPerBit}");
    }

    private static (string, string) Range(string field, long value, long min, long max) =>
        ($"{Section}.{field}", $"{value} is out of range [{min}, {max}]");
}
