using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.Interconnect;

/// <summary>
/// The H-tree inside a tile, from the tile's root (tile buffer) to its PEs. Action <c>transfer</c> = one flit
/// of the link width from the root to one PE; <c>collect</c> = one flit back (partial sums), the same path. For a square tile of side L with P leaves, a root-to-leaf path
/// is L·(1 − 1/√P) long and the whole tree 1.5·L·(√P − 1) (the recursive H: three half-side segments per
/// level). Energy = wire energy (REFERENCE §2, fJ/bit/mm) × width × path; area = width × wire pitch (2F,
/// assumption) × total length; repeater leakage is not modelled (assumption: wire-dominated).
/// </summary>
public static class HTreeModel
{
    /// <summary>Root-to-leaf wire length, mm.</summary>
    public static double PathLengthMm(double tileAreaUm2, int leaves) =>
        Math.Sqrt(tileAreaUm2) * 1e-3 * (1 - 1 / Math.Sqrt(leaves));

    /// <summary>Total wire length of the tree, mm.</summary>
    public static double TotalLengthMm(double tileAreaUm2, int leaves) =>
        1.5 * Math.Sqrt(tileAreaUm2) * 1e-3 * (Math.Sqrt(leaves) - 1);

    /// <summary>The H-trees' cost table (one per tile).</summary>
    public static LinkCost Cost(TechnologyNode t, int widthBits, int leaves, double tileAreaUm2, double latencyNs, long instances)
    {
        double pathMm = PathLengthMm(tileAreaUm2, leaves);
        double areaUm2 = widthBits * 2 * t.FeatureUm * TotalLengthMm(tileAreaUm2, leaves) * 1e3;
        var cost = new ComponentCost(ComponentNames.HTree, ComponentClasses.Interconnect, instances, areaUm2, 0,
            new Dictionary<string, ActionCost>
            {
                [ActionNames.Transfer] = new(t.WireEnergyFjPerBitMm * widthBits * pathMm * 1e-3, latencyNs),
                [ActionNames.Collect] = new(t.WireEnergyFjPerBitMm * widthBits * pathMm * 1e-3, latencyNs),
            },
            $"H-tree {widthBits} b, {t.WireEnergyFjPerBitMm} fJ/bit/mm × {pathMm:0.###} mm root-to-PE (tile side √area)");
        return new LinkCost(cost, widthBits);
    }
}
