using CimSim.Components.NeuroSim;
using CimSim.Components.Technology;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// NeuroSim V1.4's repeated wire, tile H-tree and X-Y bus (<see cref="RepeatedWire"/>, <see cref="NeuroSimInterconnect"/>)
/// against its own printed interconnect energy of the pack's VGG8 run. The geometry is NeuroSim's for that run (read
/// from the unmodified binary after <c>ChipCalculateArea</c>): subarray 71.0858 × 88.4972 µm, PE 329.72 µm square,
/// conventional tile 675.235 µm, novel-mapping tile 1094.73 µm; the bit counts are NeuroSim's (<c>Tile.cpp</c>,
/// <c>Chip.cpp</c>, <c>ProcessingUnit.cpp</c>).
/// </summary>
public class NeuroSimInterconnectTests
{
    private static readonly NeuroSimDevice D = NeuroSimDevice.For(TechnologyNode.Get(22, DeviceRoadmap.Lstp, 0.85));
    private const double SubArrayH = 71.0858e-6, SubArrayW = 88.4972e-6, Pe = 329.72e-6, TileCm = 675.235e-6, TileNm = 1094.73e-6;
    private const double In = NeuroSimInterconnect.InputToggle, Out = NeuroSimInterconnect.OutputToggle;

    [Test]
    public void TheTreeWireShrinksItsRepeaterAsNeuroSimDoes()
    {
        var tree = RepeatedWire.For(D, RepeatedWire.TreeDelayTolerance, tree: true);
        var bus = RepeatedWire.For(D, 0, tree: false);
        // Speed-optimal 77× repeaters every 99.6 µm; one halving to 38× at 0.9 × the spacing meets the 10 % delay tolerance.
        Assert.That((tree.RepeaterSize, bus.RepeaterSize), Is.EqualTo((38, 77)));
        Assert.That(bus.SpacingM * 1e6, Is.EqualTo(99.603).Within(0.001));
        Assert.That(tree.SpacingM, Is.EqualTo(0.9 * bus.SpacingM).Within(1e-12));
    }

    [TestCase(1, 0.0, 0.0)]  // one PE: no tree (NeuroSim's over-routing rule would make its main bus negative)
    [TestCase(4, 2.0, 1.0)]  // a 2×2-PE tile: H/2 + W/2 + main bus W; the repeaters of the main bus leak
    [TestCase(9, 5.0, 4.0)]  // a 3×3-PE tile is wired as 4×4: 1.5·(H + W) + 2W; stages but the last leak
    public void TheHTreeFollowsThePeGrid(int pes, double pathPes, double leakingPes)
    {
        Assert.That(NeuroSimInterconnect.RootToLeafM(pes, Pe), Is.EqualTo(pathPes * Pe).Within(1e-12));
        Assert.That(NeuroSimInterconnect.TotalWireM(pes, Pe), Is.EqualTo(leakingPes * Pe).Within(1e-12));
    }

    [Test]
    public void TheNovelMappingTilesHTreeLeaksAsNeuroSimsDoes()
    {
        // NeuroSim's NM tile H-tree is 4608 bits wide; its leakage is 11.17 µW of the 40.10 µW the tile leaks.
        var h = NeuroSimInterconnect.HTree(D.Node, 4608, 9, 16, 9 * Pe * Pe * 1e12, 1, 1);
        Assert.That(h.LeakageUw, Is.EqualTo(11.17).Within(0.01));
    }

    /// <summary>fc2 (512 × 10 on one conventional tile, 2 PE calls, 8 input bits of one vector) and conv2 (two novel-mapping
    /// tiles of 9 PEs, 1152 × 128 weights, 1024 vectors, max-pool after it).</summary>
    [TestCase("fc2")]
    [TestCase("conv2")]
    public void ThreeLevelsAddUpToNeuroSimsPrintedInterconnectEnergy(string layer)
    {
        var tree = RepeatedWire.For(D, RepeatedWire.TreeDelayTolerance, tree: true).EnergyJPerBitM;
        var bus = RepeatedWire.For(D, 0, tree: false).EnergyJPerBitM;
        double PeBus(double rows, double cols, double bitVectors) =>
            3 * SubArrayW * bus * In * rows * bitVectors + 3 * SubArrayH * bus * Out * (cols / 8 * (2 + 21) * bitVectors / 8);
        double joules = layer == "fc2"
            ? 2 * PeBus(512, 80, 8)
              + NeuroSimInterconnect.RootToLeafM(4, Pe) * tree * (In * 512 * 8 * 2 + Out * 80 / 8 * 26)
              + 5 * TileCm * tree * In * 8192 + 4 * TileCm * tree * Out * 80
            : 2 * (9 * PeBus(1152 / 9.0, 512, 8192)
                   + NeuroSimInterconnect.RootToLeafM(9, Pe) * tree * (In * 1152 * 8192 / 3.0 + Out * 512 / 8 * 29 * 1024))
              + 5 * TileNm * tree * In * (1152 * 8 * 1024 / 3.0) + 4 * TileNm * tree * Out * (128 * 8 * 1024 / 4.0);
        double printed = NeuroSimVgg8Data.Layer(layer).GetProperty("interconnect_energy_pj").GetDouble();
        Assert.That(joules * 1e12, Is.EqualTo(printed).Within(printed * 1e-5));
    }
}
