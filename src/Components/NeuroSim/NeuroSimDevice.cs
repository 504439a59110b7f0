using CimSim.Components.Technology;

namespace CimSim.Components.NeuroSim;

/// <summary>
/// The transistor and junction constants NeuroSim V1.4 derives for a bulk node (<c>Technology.cpp</c>
/// <c>Technology::Initialize</c>, PTM cards; 300 K), in SI units. Only 22 and 32 nm (HP and LSTP) are offered, the
/// nodes CimSim supports; below 22 nm NeuroSim switches to FinFET/GAA formulas that are not restated here.
/// docs/MODELS.md §7 lists every value with its source.
/// </summary>
public sealed record NeuroSimDevice
{
    /// <summary>The node the constants belong to.</summary>
    public required TechnologyNode Node { get; init; }
    /// <summary>Feature size F = the node, m (NeuroSim <c>tech.featureSize</c>; the cell layouts of <c>SubArray</c>
    /// and every gate layout use it, not the wire width).</summary>
    public double FeatureM => Node.NodeNm * 1e-9;
    /// <summary>Supply voltage, V (the chip's <c>vdd_v</c>; NeuroSim: 0.85 V at 22 nm, 0.9 V at 32 nm).</summary>
    public double VddV => Node.VddV;
    /// <summary>Physical gate length, m.</summary>
    public required double PhyGateLengthM { get; init; }
    /// <summary>Ideal gate capacitance per width, F/m.</summary>
    public required double CapIdealGateFPerM { get; init; }
    /// <summary>Fringe capacitance per width, F/m.</summary>
    public required double CapFringeFPerM { get; init; }
    /// <summary>Overlap capacitance per width, F/m: 0.2 × ideal gate capacitance (NeuroSim, nodes ≥ 22 nm).</summary>
    public double CapOverlapFPerM => 0.2 * CapIdealGateFPerM;
    /// <summary>CACTI effective-resistance multiplier.</summary>
    public required double EffectiveResistanceMultiplier { get; init; }
    /// <summary>NMOS on-current at 300 K, A/m (= µA/µm).</summary>
    public required double OnCurrentNmosAPerM { get; init; }
    /// <summary>PMOS on-current at 300 K, A/m.</summary>
    public required double OnCurrentPmosAPerM { get; init; }
    /// <summary>NMOS off-current at 300 K, A/m.</summary>
    public required double OffCurrentNmosAPerM { get; init; }
    /// <summary>PMOS off-current at 300 K, A/m.</summary>
    public required double OffCurrentPmosAPerM { get; init; }
    /// <summary>P/N sizing ratio = I_on,N / I_on,P.</summary>
    public double PnSizeRatio => OnCurrentNmosAPerM / OnCurrentPmosAPerM;

    /// <summary>Bottom junction capacitance, F/m²: c_jd / (1 + V_dd/0.9)^0.5 with c_jd = 1e-3 (BSIM4 built-in 0.9 V).</summary>
    public double CapJunctionFPerM2 => 1e-3 / Math.Pow(1 + VddV / 0.9, 0.5);
    /// <summary>Isolation-edge sidewall capacitance, F/m: 2.5e-10 / (1 + V_dd/0.9)^0.33.</summary>
    public double CapSidewallFPerM => 2.5e-10 / Math.Pow(1 + VddV / 0.9, 0.33);
    /// <summary>Gate-edge (drain-to-channel) sidewall capacitance, F/m: 0.5e-10 / (1 + V_dd/0.9)^0.33.</summary>
    public double CapDrainToChannelFPerM => 0.5e-10 / Math.Pow(1 + VddV / 0.9, 0.33);

    /// <summary>NeuroSim's minimum NMOS width, m: <c>MIN_NMOS_SIZE</c> (2) × F.</summary>
    public double MinNmosWidthM => 2 * FeatureM;
    /// <summary>Standard-cell transistor-region height, m: <c>MAX_TRANSISTOR_HEIGHT</c> (28) × F.</summary>
    public double CellHeightM => 28 * FeatureM;

    /// <summary>NeuroSim's constants for <paramref name="node"/> (22 or 32 nm, HP or LSTP).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another node.</exception>
    public static NeuroSimDevice For(TechnologyNode node)
    {
        bool hp = node.Roadmap == DeviceRoadmap.Hp;
        return (node.NodeNm, hp) switch
        {
            // Technology.cpp, PTM 22nm.pm (HP) and 22nm_LP.pm (LSTP)
            (22, true) => new NeuroSimDevice
            {
                Node = node, PhyGateLengthM = 2.6e-8, CapIdealGateFPerM = 3.287e-10, CapFringeFPerM = 4.532e-10,
                EffectiveResistanceMultiplier = 1.54, OnCurrentNmosAPerM = 1.50e3, OnCurrentPmosAPerM = 1.32e3,
                OffCurrentNmosAPerM = 100.20e-3, OffCurrentPmosAPerM = 100.20e-3,
            },
            (22, false) => new NeuroSimDevice
            {
                Node = node, PhyGateLengthM = 2.6e-8, CapIdealGateFPerM = 5.245e-10, CapFringeFPerM = 8.004e-10,
                EffectiveResistanceMultiplier = 1.77, OnCurrentNmosAPerM = 791.90, OnCurrentPmosAPerM = 600.20,
                OffCurrentNmosAPerM = 100.00e-6, OffCurrentPmosAPerM = 100.00e-6,
            },
            // Technology.cpp, PTM 32nm_HP.pm and 32nm_LP.pm
            (32, true) => new NeuroSimDevice
            {
                Node = node, PhyGateLengthM = 2.8e-8, CapIdealGateFPerM = 3.767721e-10, CapFringeFPerM = 4.713762e-10,
                EffectiveResistanceMultiplier = 1.54, OnCurrentNmosAPerM = 1.41e3, OnCurrentPmosAPerM = 1.22e3,
                OffCurrentNmosAPerM = 100.30e-3, OffCurrentPmosAPerM = 100.10e-3,
            },
            (32, false) => new NeuroSimDevice
            {
                Node = node, PhyGateLengthM = 2.8e-8, CapIdealGateFPerM = 8.375279e-10, CapFringeFPerM = 6.856677e-10,
                EffectiveResistanceMultiplier = 1.77, OnCurrentNmosAPerM = 600.20, OnCurrentPmosAPerM = 400.00,
                OffCurrentNmosAPerM = 100.10e-6, OffCurrentPmosAPerM = 100.10e-6,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(node), node.NodeNm, "NeuroSim models: 22 or 32 nm"),
        };
    }
}
