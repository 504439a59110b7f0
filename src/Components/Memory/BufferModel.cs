using CimSim.Components.Costs;
using CimSim.Components.Readout;
using CimSim.Components.Technology;

namespace CimSim.Components.Memory;

/// <summary>
/// On-chip buffers (PE, tile, global). Actions <c>read</c> and <c>write</c> = one access of the buffer's width.
/// </summary>
public static class BufferModel
{
    /// <summary>SRAM buffer in banks of 128 rows (<see cref="SramArray"/>); one access per clock (assumption).</summary>
    public static BufferCost Sram(TechnologyNode t, string name, long sizeBytes, int widthBits, double clockPeriodNs, long instances)
    {
        double bits = sizeBytes * 8.0;
        int rows = SramArray.DefaultBankRows;
        double readPj = widthBits * SramArray.ReadEnergyFjPerBit(t, rows, SenseAmpBank.DefaultComparatorEnergyFj(t)) * 1e-3;
        double writePj = widthBits * SramArray.WriteEnergyFjPerBit(t, rows) * 1e-3;
        var cost = new ComponentCost(name, ComponentClasses.Buffer, instances,
            bits * SramArray.CellAreaUm2(t) / SramArray.ArrayEfficiency,
            bits * SramArray.CellLeakageUw(t),
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(readPj, clockPeriodNs), [ActionNames.Write] = new(writePj, clockPeriodNs) },
            $"SRAM {sizeBytes} B × {widthBits} b, 128-row banks: read C_bl·V_dd·0.1 V + sense amp, write C_bl·V_dd², {SramArray.ArrayEfficiency:0%} array efficiency");
        return new BufferCost(cost, sizeBytes, widthBits);
    }

    /// <summary>PUMA eDRAM (PUMAsim <c>constants.py</c>, 64 KB, 256-bit access): 2 cycles (2 ns) and
    /// 17.2 pJ per access (8.6 mW over 2 ns), 0.46 mW leakage, 0.086 mm². Scaled linearly in size (area,
    /// leakage) and width (energy) for other geometries (assumption).</summary>
    public static BufferCost PumaEdram(string name, long sizeBytes, int widthBits, long instances)
    {
        double sizeScale = sizeBytes / (64.0 * 1024), widthScale = widthBits / 256.0;
        double accessPj = 17.2 / 2 * 2.0 * widthScale;
        var cost = new ComponentCost(name, ComponentClasses.Buffer, instances, 0.086 * 1e6 * sizeScale, 0.46 * 1e3 * sizeScale,
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(accessPj, 2.0), [ActionNames.Write] = new(accessPj, 2.0) },
            $"PUMA constants.py edram 64 KB/256 b (17.2 pJ, 2 ns, 0.46 mW leak, 0.086 mm²) scaled to {sizeBytes} B × {widthBits} b");
        return new BufferCost(cost, sizeBytes, widthBits);
    }
}
