using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class MappingTests
{
    private static MappingTarget Target(int tiles = 1000, SignedWeightScheme s = SignedWeightScheme.Offset, ReadoutKind r = ReadoutKind.Adc,
        int rows = 128, int cols = 128, int cell = 1) =>
        new(rows, cols, cell, s, 4, 4, tiles, 8, 8, 1, r, r == ReadoutKind.Adc ? 6 : 0, r == ReadoutKind.Adc ? 0 : 8);

    private static Layer One(LayerSpec spec, TensorShape input) => Network.Build("t", "custom", input, [spec]).Layers[0];

    [Test]
    public void WeightEncodingCountsColumnsPerScheme()
    {
        Assert.That(new WeightEncoding(8, 1, SignedWeightScheme.Offset).ColumnsPerWeight, Is.EqualTo(8));
        Assert.That(new WeightEncoding(8, 1, SignedWeightScheme.Differential).ColumnsPerWeight, Is.EqualTo(14));
        Assert.That(new WeightEncoding(8, 2, SignedWeightScheme.Offset).ColumnsPerWeight, Is.EqualTo(4));
        Assert.That(new WeightEncoding(3, 2, SignedWeightScheme.Differential).ColumnsPerWeight, Is.EqualTo(2));
        var e = new WeightEncoding(5, 2, SignedWeightScheme.Offset);
        Assert.That(e.Slices, Is.EqualTo(3));
        Assert.That(e.SliceBits(2), Is.EqualTo(1));
        Assert.That(e.Encode(-15), Is.EqualTo((1, 0)));
        Assert.That(new WeightEncoding(5, 2, SignedWeightScheme.Differential).Encode(-15), Is.EqualTo((15, 1)));
    }

    [Test]
    public void DenseLayerFillsRowsThenColumnsAndKeepsPairsTogether()
    {
        var conv = One(new LayerSpec("c", LayerOp.Conv) { OutChannels = 100, KernelSize = 3, Padding = 1 }, new TensorShape(32, 8, 8));
        var m = LayerMapper.Map(conv, Target(s: SignedWeightScheme.Differential, r: ReadoutKind.Ternary, cols: 127), 8, 8);
        Assert.That(m.MatrixRows, Is.EqualTo(288));
        Assert.That(m.RowsInBlock, Is.EqualTo(new[] { 128, 128, 32 }));
        Assert.That(m.MatrixColumns, Is.EqualTo(1400));
        Assert.That(m.ColumnsInBlock.Take(m.ColumnBlocks - 1), Is.All.EqualTo(126), "an odd crossbar loses a column: pairs never straddle");
        Assert.That(m.ColumnsInBlock.Sum(), Is.EqualTo(1400));
        Assert.That(m.ReadoutColumnsInBlock, Is.EqualTo(m.ColumnsInBlock.Select(c => c / 2)), "one comparator bank per pair");
        Assert.That(m.CrossbarReads, Is.EqualTo(64L * 8 * 3 * 12));
    }

    [Test]
    public void ARowChunkCutsEachRunOfRowsFromItsTop()
    {
        var conv = One(new LayerSpec("c", LayerOp.Conv) { OutChannels = 16, KernelSize = 3, Padding = 1 }, new TensorShape(160, 8, 8));
        // 1,440 rows: from the top, 11 full crossbars and 32 rows; in runs of C_in = 160 (NeuroSim's novel-mapped PEs), 9 × (128 + 32).
        Assert.That(LayerMapper.Map(conv, Target(), 8, 8).RowsInBlock, Is.EqualTo(Enumerable.Repeat(128, 11).Append(32)));
        var chunked = LayerMapper.Map(conv, Target(), 8, 8, rowChunk: 160);
        Assert.That(chunked.RowsInBlock, Is.EqualTo(Enumerable.Range(0, 9).SelectMany(_ => new[] { 128, 32 })));
        Assert.That((chunked.MatrixRows, chunked.RowBlocks, chunked.CrossbarReads), Is.EqualTo((1440, 18, 64L * 8 * 18 * 1)));
        Assert.That(LayerMapper.Map(conv, Target(), 8, 8, rowChunk: 7).RowsInBlock, Has.Length.EqualTo(12), "a chunk that does not divide the rows is ignored");
        Assert.That(LayerMapper.Map(conv, Target(), 8, 8, rowChunk: 128).RowsInBlock, Is.EqualTo(LayerMapper.Map(conv, Target(), 8, 8).RowsInBlock.Take(11).Append(32)));
    }

    [Test]
    public void DepthwiseLayersPackBlockDiagonallyIntoIdenticalCrossbars()
    {
        var dw = One(new LayerSpec("d", LayerOp.DepthwiseConv) { KernelSize = 3, Padding = 1 }, new TensorShape(30, 8, 8));
        var m = LayerMapper.Map(dw, Target(), 8, 8);
        // 128 rows hold 14 kernels, 128 columns 16 weights of 8 columns: the largest divisor of 30 up to 14 is 10.
        Assert.That(m.DiagonalChannels, Is.EqualTo(10));
        Assert.That((m.RowBlocks, m.ColumnBlocks), Is.EqualTo((3, 1)));
        Assert.That(m.RowsInBlock, Is.All.EqualTo(90));
        Assert.That(m.ColumnsInBlock, Is.EqualTo(new[] { 80 }));
        Assert.That(m.CrossbarReads, Is.EqualTo(64L * 8 * 3));
    }

    [Test]
    public void LayersGetWholeTilesInOrderAndTooSmallAChipIsAnInputError()
    {
        var net = NetworkZoo.Create("resnet20");
        var maps = NetworkMapper.Map(net, Target(), _ => 8, _ => 8, false);
        int next = 0;
        foreach (var m in maps.Where(m => m is not null))
        {
            Assert.That(m!.FirstTile, Is.EqualTo(next));
            Assert.That(m.TileCount, Is.EqualTo((m.CrossbarsUsed + 15) / 16));
            next += m.TileCount;
        }
        var e = Assert.Throws<InputException>(() => NetworkMapper.Map(net, Target(tiles: next - 1), _ => 8, _ => 8, false));
        Assert.That(e!.Message, Does.Contain($"needs {next} tiles").And.Contain($"has {next - 1}"));
    }

    [Test]
    public void ReplicationSpendsSpareTilesOnTheBusiestLayers()
    {
        var net = NetworkZoo.Create("vgg8");
        var plain = NetworkMapper.Map(net, Target(), _ => 8, _ => 8, false);
        int base_ = plain.Where(m => m is not null).Sum(m => m!.TileCount);
        var rep = NetworkMapper.Map(net, Target(tiles: base_ + 20), _ => 8, _ => 8, true);
        Assert.That(rep.Where(m => m is not null).Sum(m => m!.TileCount), Is.LessThanOrEqualTo(base_ + 20));
        var conv1 = rep[0]!;
        Assert.That(conv1.Replicas, Is.GreaterThan(1), "conv1 (1024 vectors) is the busiest");
        Assert.That(rep.Where(m => m is not null && m.InputVectors == 1), Has.All.Matches<CrossbarMapping?>(m => m!.Replicas == 1));
        Assert.That(conv1.CrossbarReads, Is.EqualTo(plain[0]!.CrossbarReads), "reads per inference count one replica set");
        for (int i = 1; i < rep.Length; i++)
            if (rep[i] is { } m && rep.Take(i).LastOrDefault(x => x is not null) is { } prev)
                Assert.That(m.FirstTile, Is.EqualTo(prev.FirstTile + prev.TileCount));
    }

    [Test]
    public void CopiesInTilesFillEachLayersOwnTilesWithoutTakingMore()
    {
        // Tiles of 16 crossbars. VGG8's conv1: 27 rows × 128 outputs × 8 columns = 1 × 8 crossbars, one tile: 2 copies
        // (NeuroSim's rule, ⌊tile crossbars / copy⌋); conv2: 9 × 8 = 72 crossbars in 5 tiles (80): one copy; fc2 (one
        // input vector of 8 slices): the 2 copies that fit, sharing the vector's slices (up to 8 would).
        var net = NetworkZoo.Create("vgg8");
        var plain = NetworkMapper.Map(net, Target(), _ => 8, _ => 8, false);
        var copies = NetworkMapper.Map(net, Target(), _ => 8, _ => 8, false, inTiles: true);
        for (int i = 0; i < plain.Length; i++)
        {
            if (plain[i] is not { } p) continue;
            var c = copies[i]!;
            Assert.That((c.FirstTile, c.TileCount), Is.EqualTo((p.FirstTile, p.TileCount)), net.Layers[i].Name);
            long fit = (long)p.TileCount * 16 / (p.RowBlocks * p.ColumnBlocks);
            Assert.That(c.Replicas, Is.EqualTo(Math.Clamp(fit, 1, NetworkMapper.MaxReplicas(p))), net.Layers[i].Name);
            Assert.That(c.CrossbarReads, Is.EqualTo(p.CrossbarReads), "copies share the reads, they do not add any");
        }
        Assert.That((copies[0]!.Replicas, copies[1]!.Replicas, copies.Last(m => m is not null)!.Replicas), Is.EqualTo((2, 1, 2)));
    }
}
