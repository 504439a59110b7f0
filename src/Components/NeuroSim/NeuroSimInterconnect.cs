using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// NeuroSim V1.4's interconnect as CimSim components (registry name <c>neurosim-v14</c>), on its repeated wire
/// (<see cref="RepeatedWire"/>, delay tolerance 0.1): the tile H-tree (<c>HTree.cpp</c>) and the chip's X-Y bus
/// (<c>XYBus.cpp</c>) in place of a router mesh. Toggle factors (<c>Param.cpp</c>): 0.18 for bits going toward the
/// arrays (<c>inputtoggle</c>), 0.5 for bits coming back (<c>outputtoggle</c>). docs/MODELS.md §7.
/// </summary>
public static class NeuroSimInterconnect
{
    /// <summary>Toggle factor of activations sent toward the arrays (<c>Param.cpp</c> <c>inputtoggle</c>).</summary>
    public const double InputToggle = 0.18;
    /// <summary>Toggle factor of partial sums and outputs coming back (<c>Param.cpp</c> <c>outputtoggle</c>).</summary>
    public const double OutputToggle = 0.5;
    /// <summary>Fold ratio of the tile H-tree's wires (<c>Tile.cpp</c> <c>CalculateArea(..., 16)</c>).</summary>
    public const double HTreeFoldRatio = 16;
    /// <summary>Fold ratio of the global bus's wires (<c>Param.cpp</c> <c>treeFoldedRatio</c>).</summary>
    public const double BusFoldRatio = 4;

    /// <summary>Side of the H-tree's leaf grid: NeuroSim rounds ⌈√PEs⌉ up to a power of two (a 3×3-PE tile is wired as 4×4).</summary>
    public static int LeafGridSide(int pesPerTile) => 1 << (int)Math.Ceiling(Math.Log2(Math.Ceiling(Math.Sqrt(pesPerTile)) - 1e-9));

    /// <summary>Root-to-leaf wire length, m, of a tile of square PEs of side <paramref name="peSideM"/>: at stage k of
    /// log₂n one vertical and one horizontal segment of n·side/2^(k+1), plus the main bus n/2 PE sides
    /// (<c>HTree::CalculatePower</c>, root–leaf branch).</summary>
    public static double RootToLeafM(int pesPerTile, double peSideM)
    {
        int n = LeafGridSide(pesPerTile);
        return StageSegmentsM(n, peSideM, Stages(n)).Sum(l => 2 * l) + MainBusPes(n) * peSideM;
    }

    /// <summary>Wire length whose repeaters leak, m (<c>HTree::CalculateArea</c>'s total: the stages but the last, plus the main bus).</summary>
    public static double TotalWireM(int pesPerTile, double peSideM)
    {
        int n = LeafGridSide(pesPerTile);
        return StageSegmentsM(n, peSideM, Stages(n) - 1).Sum(l => 2 * l) + MainBusPes(n) * peSideM;
    }

    private static int Stages(int n) => (int)Math.Round(Math.Log2(n));

    /// <summary>The segment length of each of the first <paramref name="count"/> stages (one vertical and one horizontal
    /// segment each): n·side/4, n·side/8, …</summary>
    private static IEnumerable<double> StageSegmentsM(int n, double peSideM, int count)
    {
        double segment = peSideM * n / 2;
        for (int k = 0; k < count; k++) yield return segment /= 2;
    }

    // The main bus runs from the centre n/2 to the nearest edge, the centre moved in by one where it is within one PE
    // of the edge (NeuroSim's over-routing rule). For a one-PE tile that rule gives NeuroSim a negative length; a tile
    // of one PE has no H-tree, so it is 0 here.
    private static double MainBusPes(int n) { double c = n / 2.0; if (n - c < 1) c -= 1; return Math.Max(0, Math.Min(n - c, c)); }

    /// <summary>PE-bus length, m: a PE of n crossbars (a √n × √n grid of pitch <paramref name="peSideM"/>/√n) runs its input
    /// bus across √n − 1 crossbar widths and its output bus across √n − 1 heights (<c>ProcessingUnit.cpp</c>: 3 of 4).</summary>
    public static double PeBusM(int crossbarsPerPe, double peSideM)
    {
        double side = Math.Ceiling(Math.Sqrt(crossbarsPerPe) - 1e-9);
        return (side - 1) * peSideM / side;
    }

    /// <summary>The tile H-trees (one per tile) with the PE buses behind them. Action <c>transfer</c> = one flit of
    /// activations from the tile's root to a PE's crossbars: width × (root-to-leaf length × tree wire energy + PE input bus
    /// length × bus wire energy) × input toggle; <c>collect</c> = one flit of partial sums back over the PE output bus and
    /// the tree, × output toggle. A PE of n crossbars runs its input bus across √n − 1 subarray widths and its output bus
    /// across √n − 1 subarray heights (<c>ProcessingUnit.cpp</c>, <c>Bus.cpp</c>; <paramref name="subarrayWidthM"/> ×
    /// <paramref name="subarrayHeightM"/>, or a PE's side / √n each when 0). NeuroSim's layer-serial dataflow prices its own
    /// bit counts per bit (docs/MODELS.md §7.10): <c>tree_send</c>/<c>tree_return</c>, <c>pe_send</c>/<c>pe_return</c>, and
    /// <c>bus_send</c>/<c>bus_return</c> = one bit over one pitch of the X-Y bus at this tile kind's side (NeuroSim prices a
    /// layer's bus traffic at its tile's dimensions, <c>Chip.cpp</c>). NeuroSim's PE buses (<c>Bus.cpp</c>) use the
    /// speed-optimal repeater (delay tolerance 0) and have no area (they overlap the arrays); their leakage is the tree's
    /// here only (assumption: NeuroSim's 0.48 µW per PE is below 1 % of a tile's).</summary>
    public static LinkCost HTree(TechnologyNode t, int widthBits, int pesPerTile, int crossbarsPerPe, double tileAreaUm2, double latencyNs, long instances,
        double subarrayWidthM = 0, double subarrayHeightM = 0)
    {
        var d = NeuroSimDevice.For(t);
        var wire = RepeatedWire.For(d, RepeatedWire.TreeDelayTolerance, tree: true);
        var peBus = RepeatedWire.For(d, 0, tree: false);
        double peSideM = Math.Sqrt(tileAreaUm2 / pesPerTile) * 1e-6;
        double side = Math.Ceiling(Math.Sqrt(crossbarsPerPe) - 1e-9);
        double inBusM = subarrayWidthM > 0 ? (side - 1) * subarrayWidthM : PeBusM(crossbarsPerPe, peSideM);
        double outBusM = subarrayHeightM > 0 ? (side - 1) * subarrayHeightM : PeBusM(crossbarsPerPe, peSideM);
        double path = RootToLeafM(pesPerTile, peSideM), total = TotalWireM(pesPerTile, peSideM);
        double treePj = path * wire.EnergyJPerBitM * 1e12, inPj = inBusM * peBus.EnergyJPerBitM * 1e12, outPj = outBusM * peBus.EnergyJPerBitM * 1e12;
        double pitchPj = Math.Sqrt(tileAreaUm2) * 1e-6 * wire.EnergyJPerBitM * 1e12;
        double leakageUw = wire.LeakageWPerBitM * total * widthBits * 1e6;
        double areaUm2 = HTreeAreaM2(wire, widthBits, pesPerTile, peSideM) * 1e12;
        var cost = new ComponentCost(ComponentNames.HTree, ComponentClasses.Interconnect, instances, areaUm2, leakageUw,
            new Dictionary<string, ActionCost>
            {
                [ActionNames.Transfer] = new(widthBits * (treePj + inPj) * InputToggle, latencyNs),
                [ActionNames.Collect] = new(widthBits * (treePj + outPj) * OutputToggle, latencyNs),
                [ActionNames.TreeSend] = new(treePj * InputToggle, 0),
                [ActionNames.TreeReturn] = new(treePj * OutputToggle, 0),
                [ActionNames.PeSend] = new(inPj * InputToggle, 0),
                [ActionNames.PeReturn] = new(outPj * OutputToggle, 0),
                [ActionNames.BusSend] = new(pitchPj * InputToggle, 0),
                [ActionNames.BusReturn] = new(pitchPj * OutputToggle, 0),
            },
            $"NeuroSim V1.4 HTree.cpp: {widthBits} b, repeater {wire.RepeaterSize}× every {wire.SpacingM * 1e6:0.##} µm, " +
            $"{wire.EnergyJPerBitM * 1e9:0.####} pJ/bit/mm × {path * 1e3:0.####} mm root-to-PE + PE buses {peBus.EnergyJPerBitM * 1e9:0.####} pJ/bit/mm × {inBusM * 1e3:0.####} mm in, {outBusM * 1e3:0.####} mm out, " +
            $"× toggle {InputToggle} in, {OutputToggle} back; X-Y bus bits at a {Math.Sqrt(tileAreaUm2):0.#} µm pitch");
        return new LinkCost(cost, widthBits);
    }

    // HTree::CalculateArea: per stage but the last, the running vertical (repeater width) and horizontal (repeater height)
    // bundle widths over half the segment; the main bus at the repeater height; bundles folded by 16.
    private static double HTreeAreaM2(RepeatedWire w, int widthBits, int pesPerTile, double peSideM)
    {
        int n = LeafGridSide(pesPerTile);
        double area = 0, widV = 0, widH = 0;
        foreach (double segment in StageSegmentsM(n, peSideM, Stages(n) - 1))
        {
            widV += widthBits * w.RepeaterWidthM / HTreeFoldRatio;
            widH += widthBits * w.RepeaterHeightM / HTreeFoldRatio;
            area += (widV + widH) * segment / 2;
        }
        return area + widthBits * w.RepeaterHeightM / HTreeFoldRatio * MainBusPes(n) * peSideM;
    }

    /// <summary>The X-Y bus between tiles (no routers): one X and one Y bus across the ⌈√tiles⌉-square tile grid, each
    /// ⌈√tiles⌉ pitches long, shared by the <paramref name="instances"/> tiles. Action <c>hop</c> = one flit of partial
    /// sums or outputs over one tile pitch: width × pitch × wire energy × output toggle (<c>XYBus::CalculatePower</c>).
    /// Area: the X bus's bundle is a repeater height wide per bit, the Y bus's a repeater width, folded by 4
    /// (<c>XYBus::CalculateArea</c>); leakage: the repeaters of both buses. Each tile carries 1/tiles of them.</summary>
    public static LinkCost Bus(TechnologyNode t, int widthBits, double tileAreaUm2, double latencyNs, long instances)
    {
        var d = NeuroSimDevice.For(t);
        var wire = RepeatedWire.For(d, RepeatedWire.TreeDelayTolerance, tree: true);
        double pitchM = Math.Sqrt(tileAreaUm2) * 1e-6;
        double busM = Math.Ceiling(Math.Sqrt(Math.Max(1, instances))) * pitchM, share = 1.0 / Math.Max(1, instances);
        double energyPj = widthBits * pitchM * wire.EnergyJPerBitM * OutputToggle * 1e12;
        double leakageUw = wire.LeakageWPerBitM * 2 * busM * widthBits * share * 1e6;
        double areaUm2 = widthBits * (wire.RepeaterWidthM + wire.RepeaterHeightM) / BusFoldRatio * busM * share * 1e12;
        var cost = new ComponentCost(ComponentNames.Mesh, ComponentClasses.Interconnect, instances, areaUm2, leakageUw,
            new Dictionary<string, ActionCost> { [ActionNames.Hop] = new(energyPj, latencyNs) },
            $"NeuroSim V1.4 XYBus.cpp: {widthBits} b, {wire.EnergyJPerBitM * 1e9:0.####} pJ/bit/mm × {pitchM * 1e3:0.####} mm tile pitch × toggle {OutputToggle}, no router");
        return new LinkCost(cost, widthBits);
    }
}
