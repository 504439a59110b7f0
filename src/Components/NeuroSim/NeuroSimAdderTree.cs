using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's adder trees (<c>AdderTree.cpp</c> on <c>Adder.cpp</c>) as CimSim's accumulator (registry name
/// <c>neurosim-v14</c>): the PE, tile and chip trees that sum a column's partial sums over row blocks. Action
/// <c>add</c> = one b-bit ripple add (9 NAND2 per bit) at NeuroSim's adder activity δ = 0.15, one clock cycle (NeuroSim's
/// synchronous tree stage); <c>merge_slice</c> is free, because NeuroSim merges an output's weight-slice columns in
/// the subarray's shift-add (the <c>neurosim-v14</c> shift-add, which a chip must then use; <see cref="ShiftAddRequired"/>).
/// Area and leakage: 9 NAND2 per bit (<c>Adder::CalculateArea</c>, <c>CalculatePower</c>). docs/MODELS.md §7.
/// </summary>
public static class NeuroSimAdderTree
{
    /// <summary>Why this model needs the <c>neurosim-v14</c> shift-add.</summary>
    public const string ShiftAddRequired = "leaves the weight slices to NeuroSim's subarray shift-add: it needs ADC readout on every tile and shift_add neurosim-v14";

    /// <summary>The accumulator lanes' cost table.</summary>
    public static ComponentCost Cost(TechnologyNode t, int bits, double clockPeriodNs, long instances)
    {
        var d = NeuroSimDevice.For(t);
        var (wN, wP) = NeuroSimDigital.AdderNandWidths(d);
        double nandAreaM2 = NeuroSimGates.Area(d, GateKind.Nand, 2, wN, wP, d.CellHeightM).AreaM2;
        double addPj = NeuroSimDigital.AdderEnergyJ(d, bits) * NeuroSimDigital.AdderActivity * 1e12;
        return new ComponentCost(ComponentNames.Accumulator, ComponentClasses.Accumulator, instances,
            9 * bits * nandAreaM2 * 1e12, NeuroSimDigital.AdderLeakageW(d, bits, 1) * 1e6,
            new Dictionary<string, ActionCost> { [ActionNames.Add] = new(addPj, clockPeriodNs), [ActionNames.MergeSlice] = new(0, 0) },
            $"NeuroSim V1.4 Adder.cpp {bits}-bit ripple adder × δ {NeuroSimDigital.AdderActivity}, one cycle; weight slices merged in the subarray shift-add");
    }
}
