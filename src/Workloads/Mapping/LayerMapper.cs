using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Mapping;

/// <summary>
/// Cuts one crossbar layer's weight matrix into crossbars (one replica, before tiles are assigned).
/// <list type="bullet">
/// <item>Conv and fully connected: rows (C_in·k·k or the flattened input) fill crossbars top to bottom, full
/// blocks first; columns (C_out × columns per weight) fill them left to right in whole polarity groups, so a
/// differential pair never straddles two crossbars. A weight's slices may straddle (digital shift-add joins
/// them).</item>
/// <item>Depthwise conv: block-diagonal packing. g channels share a crossbar (rows g·k·k, columns
/// g·columns-per-weight), g the largest divisor of C that fits, so all C/g crossbars are identical and form one
/// column: RowBlocks = C/g, ColumnBlocks = 1, <see cref="CrossbarMapping.DiagonalChannels"/> = g.</item>
/// </list>
/// </summary>
public static class LayerMapper
{
    /// <summary>Maps <paramref name="layer"/> with the given precisions; tiles and replicas are set later by <see cref="NetworkMapper"/>.
    /// A <paramref name="rowChunk"/> that divides a dense layer's rows cuts each run of that many rows into crossbars from its
    /// top (<see cref="LayerTiling.RowChunk"/>); 0 cuts the whole matrix from the top.</summary>
    public static CrossbarMapping Map(Layer layer, MappingTarget target, int weightBits, int inputBits, int rowChunk = 0)
    {
        if (!layer.IsCrossbar) throw new ArgumentException($"{layer} is not a crossbar layer", nameof(layer));
        var enc = new WeightEncoding(weightBits, target.BitsPerCell, target.SignedWeights);
        int X = target.CrossbarRows;
        int usableCols = target.CrossbarColumns / enc.PolarityColumns * enc.PolarityColumns;
        if (usableCols == 0)
            throw new InputException(null, 0, 0, "architecture", $"a crossbar of {target.CrossbarColumns} column(s) cannot hold a differential pair");
        int inputSlices = (inputBits + target.DacBits - 1) / target.DacBits;
        int readoutDivisor = target.Readout == ReadoutKind.Adc ? 1 : enc.PolarityColumns;
        int cpw = enc.ColumnsPerWeight;

        if (layer.Op == LayerOp.DepthwiseConv)
        {
            int C = layer.Output.Channels, kk = layer.KernelSize * layer.KernelSize;
            int fit = Math.Min(X / kk, usableCols / cpw);
            if (fit == 0)
                throw Where(layer).Error($"layer '{layer.Name}'", $"a depthwise kernel needs {kk} rows and {cpw} columns; the crossbar has {X}x{target.CrossbarColumns}");
            int g = LargestDivisorAtMost(C, fit);
            int blocks = C / g;
            return new CrossbarMapping(C * kk, C * cpw, enc.Slices, cpw, blocks, 1, 1,
                Enumerable.Repeat(g * kk, blocks).ToArray(), [g * cpw], inputSlices, layer.InputVectors, 0, 0)
            {
                DiagonalChannels = g,
                ReadoutColumnsInBlock = [g * cpw / readoutDivisor],
            };
        }

        int rows = layer.MatrixRowsPerGroup;
        long colsLong = (long)layer.Output.Channels * cpw;
        if (colsLong > int.MaxValue) throw Where(layer).Error($"layer '{layer.Name}'", $"{colsLong} weight columns are too many");
        int cols = (int)colsLong;
        int chunk = rowChunk > 0 && rows % rowChunk == 0 ? rowChunk : rows;
        int perChunk = (chunk + X - 1) / X, rb = rows / chunk * perChunk, cb = (cols + usableCols - 1) / usableCols;
        var rowsIn = new int[rb];
        for (int i = 0; i < rb; i++) rowsIn[i] = Math.Min(X, chunk - i % perChunk * X);
        var colsIn = new int[cb];
        var readoutIn = new int[cb];
        for (int i = 0; i < cb; i++)
        {
            colsIn[i] = Math.Min(usableCols, cols - i * usableCols);
            readoutIn[i] = colsIn[i] / readoutDivisor;
        }
        return new CrossbarMapping(rows, cols, enc.Slices, cpw, rb, cb, 1, rowsIn, colsIn, inputSlices, layer.InputVectors, 0, 0)
        {
            ReadoutColumnsInBlock = readoutIn,
        };
    }

    private static SourceLocation Where(Layer layer) => layer.Location ?? default;

    private static int LargestDivisorAtMost(int n, int limit)
    {
        for (int g = Math.Min(n, limit); g > 1; g--) if (n % g == 0) return g;
        return 1;
    }
}
