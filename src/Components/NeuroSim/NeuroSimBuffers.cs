using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's buffers when <c>peBufferType</c>, <c>tileBufferType</c> and <c>globalBufferType</c> are false (its
/// default) as CimSim components (registry name <c>neurosim-v14</c>). A DFF is 12 minimum inverters of area, leaks as
/// 8 (<c>DFF.cpp</c>), and one clocking costs <see cref="NeuroSimDigital.DffEnergyJ"/>; one access is one clock cycle
/// (synchronous). docs/MODELS.md §7.
/// </summary>
public static class NeuroSimBuffers
{
    /// <summary>The PE's input buffer: a bank of DFFs (<c>ProcessingUnit.cpp</c> <c>bufferInputCM</c>, <c>DFF::CalculatePower</c>
    /// with <c>validated = false</c>: no activity factor). <c>write</c> clocks one access's DFFs; <c>read</c> takes Q
    /// as it is and costs nothing.</summary>
    public static BufferCost DffBank(TechnologyNode t, string name, long sizeBytes, int widthBits, double clockPeriodNs, long instances)
    {
        var d = NeuroSimDevice.For(t);
        double writePj = NeuroSimDigital.DffEnergyJ(d, widthBits) * 1e12;
        return Buffer(d, name, sizeBytes, widthBits, clockPeriodNs, instances, writePj, 0,
            $"NeuroSim V1.4 DFF bank {sizeBytes * 8} b, write {widthBits} DFFs clocked (no activity factor), read free");
    }

    /// <summary>A tile or global buffer: a DFF register file (<c>Buffer.cpp</c>, SRAM = false). Each bit written or read
    /// clocks its DFF at NeuroSim's DFF activity γ = 0.5 (<c>Buffer::CalculatePower</c> → <c>DFF::CalculatePower(..., true)</c>).
    /// The register file's row decoder is not ported (5–13 % of NeuroSim's buffer energy in the matched VGG8 run).</summary>
    public static BufferCost RegisterFile(TechnologyNode t, string name, long sizeBytes, int widthBits, double clockPeriodNs, long instances)
    {
        var d = NeuroSimDevice.For(t);
        double pj = NeuroSimDigital.DffEnergyJ(d, widthBits) * NeuroSimDigital.DffActivity * 1e12;
        return Buffer(d, name, sizeBytes, widthBits, clockPeriodNs, instances, pj, pj,
            $"NeuroSim V1.4 DFF register file {sizeBytes * 8} b × {widthBits} b lines, {NeuroSimDigital.DffActivity}× a DFF clocking per bit read or written (decoder not ported)");
    }

    private static BufferCost Buffer(NeuroSimDevice d, string name, long sizeBytes, int widthBits, double clockPeriodNs, long instances,
        double writePj, double readPj, string source)
    {
        double wN = d.MinNmosWidthM, wP = d.PnSizeRatio * d.MinNmosWidthM, bits = sizeBytes * 8.0;
        double invAreaM2 = NeuroSimGates.Area(d, GateKind.Inv, 1, wN, wP, d.CellHeightM).AreaM2;
        var cost = new ComponentCost(name, ComponentClasses.Buffer, instances, bits * 12 * invAreaM2 * 1e12, NeuroSimDigital.DffLeakageW(d, (long)bits) * 1e6,
            new Dictionary<string, ActionCost> { [ActionNames.Read] = new(readPj, clockPeriodNs), [ActionNames.Write] = new(writePj, clockPeriodNs) },
            source);
        return new BufferCost(cost, sizeBytes, widthBits);
    }
}
