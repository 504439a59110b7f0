using CimSim.Components.Costs;
using CimSim.Components.Technology;

namespace CimSim.Components.Interconnect;

/// <summary>
/// The mesh between tiles: one router per tile plus the link to the next tile. Action <c>hop</c> = one flit
/// through one router and over one link. Router figures are PUMA's 4-port router (PUMAsim <c>constants.py</c>,
/// 32 nm, 1 GHz, 32-bit flits: 16.13 mW dynamic, 0.41 mW leakage, 0.047 mm²), used at both nodes since
/// NeuroSim has no router model; one flit-hop is one port's share of one cycle (16.13 mW × 1 ns / 4). Router
/// costs scale linearly with flit width (assumption). The link is a repeated wire one tile side long
/// (assumption: tiles abut).
/// </summary>
public static class MeshModel
{
    /// <summary>The routers' cost table (one per tile).</summary>
    public static LinkCost Cost(TechnologyNode t, int widthBits, double tileAreaUm2, double hopLatencyNs, long instances)
    {
        double scale = widthBits / 32.0;
        double routerPj = 16.13 * 1.0 / 4 * scale;
        double linkPj = t.WireEnergyFjPerBitMm * widthBits * Math.Sqrt(tileAreaUm2) * 1e-3 * 1e-3;
        var cost = new ComponentCost(ComponentNames.Mesh, ComponentClasses.Interconnect, instances, 0.047 * 1e6 * scale, 0.41 * 1e3 * scale,
            new Dictionary<string, ActionCost> { [ActionNames.Hop] = new(routerPj + linkPj, hopLatencyNs) },
            $"PUMA 4-port router (16.13 mW, 0.41 mW leak, 0.047 mm² at 32 b) scaled to {widthBits} b + tile-side link at {t.WireEnergyFjPerBitMm} fJ/bit/mm");
        return new LinkCost(cost, widthBits);
    }
}
