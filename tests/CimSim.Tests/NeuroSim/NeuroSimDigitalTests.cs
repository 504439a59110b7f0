using CimSim.Components.Costs;
using CimSim.Components.NeuroSim;
using CimSim.Components.Technology;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// NeuroSim V1.4's adder trees and DFF buffers (<see cref="NeuroSimAdderTree"/>, <see cref="NeuroSimBuffers"/>) at the
/// matched run's node (22 nm LSTP, 0.85 V) against NeuroSim: conv2's printed adder-tree energy (two novel-mapping
/// tiles whose 64 trees of 25-bit adders sum 9 PEs for each of 1,024 vectors: 4 + 2 + 1 adders of 25, 26, 27 bits,
/// <c>AdderTree.cpp</c>; its PE trees have one input and cost nothing), and the values NeuroSim's formulas give at the
/// node: 9 NAND2 of 1.342e-10 W leakage per adder bit, 1.411 fJ per DFF clocking and 8 inverters of 3.470e-11 W
/// leakage per DFF (<c>DFF.cpp</c>).
/// </summary>
public class NeuroSimDigitalTests
{
    private static readonly TechnologyNode N22 = TechnologyNode.Get(22, DeviceRoadmap.Lstp, 0.85);

    [Test]
    public void AdderTreesAddUpToNeuroSimsPrintedConv2Accumulation()
    {
        double E(int bits) => NeuroSimAdderTree.Cost(N22, bits, 1.6974, 1)[ActionNames.Add].EnergyPj;
        double pj = 2 * 1024 * 64 * (4 * E(25) + 2 * E(26) + E(27));
        double printed = NeuroSimVgg8Data.Layer("conv2").GetProperty("adder_tree_accumulation_energy_pj").GetDouble();
        Assert.That(pj, Is.EqualTo(printed).Within(printed * 1e-4));
    }

    [Test]
    public void AnAdderTreeLeaksNineNandsPerBitAndLeavesWeightSlicesToTheShiftAdd()
    {
        var c = NeuroSimAdderTree.Cost(N22, 25, 1.6974, 1);
        Assert.That(c[ActionNames.MergeSlice].EnergyPj, Is.Zero, "the neurosim-v14 shift-add merges the weight slices");
        Assert.That(c.LeakageUw / 25, Is.EqualTo(1.342e-4).Within(0.1).Percent);
    }

    [Test]
    public void BuffersClockTheirDffsOnceOrAtHalfActivity()
    {
        var pe = NeuroSimBuffers.DffBank(N22, ComponentNames.PeBuffer, 128, 64, 1.6974, 1);
        var rf = NeuroSimBuffers.RegisterFile(N22, ComponentNames.TileBuffer, 128, 64, 1.6974, 1);
        Assert.That(pe[ActionNames.Write].EnergyPj / 64, Is.EqualTo(1.411e-3).Within(0.1).Percent);
        Assert.That(pe[ActionNames.Read].EnergyPj, Is.Zero);
        Assert.That((rf[ActionNames.Read].EnergyPj, rf[ActionNames.Write].EnergyPj), Is.EqualTo((pe[ActionNames.Write].EnergyPj / 2, pe[ActionNames.Write].EnergyPj / 2)));
        Assert.That(pe.LeakageUw / (128 * 8), Is.EqualTo(3.470e-5).Within(0.1).Percent);
    }
}
