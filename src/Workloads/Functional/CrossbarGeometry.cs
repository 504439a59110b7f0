using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Quantization;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Index arithmetic shared by the partial-sum engine's passes: which matrix rows and physical columns each
/// crossbar holds, and where matrix row r of input vector v comes from in the activation tensor (im2col done
/// on the fly). A fully connected layer is a 1×1 conv over its flattened input. A depthwise layer is treated
/// as the block-diagonal C·k·k × C matrix whose off-diagonal weights are 0.
/// </summary>
internal sealed class CrossbarGeometry
{
    public readonly WeightEncoding Encoding;
    public readonly int Rows, Outputs, Slices, Polarity, ReadoutColumns, PhysicalColumns;
    public readonly int CellBits, DacBits, InputBits, InputSlices, WordsPerBlock;
    public readonly int RowBlocks, ColumnBlocks;
    public readonly bool Diagonal;
    public readonly int DiagonalChannels, KernelArea;
    public readonly int[] RowStart, RowCount;
    /// <summary>Physical columns of row block rb: [ColStart[rb], ColStart[rb] + ColCount[rb]).</summary>
    public readonly int[] ColStart, ColCount;
    /// <summary>Column-block boundaries (physical) of a dense layer; one block for a diagonal one.</summary>
    public readonly int[] BlockStart, BlockEnd;
    public readonly int Vectors, OutWidth, InHeight, InWidth, Stride, Padding;
    /// <summary>Per matrix row: offset of (channel, ky, kx) in the activation tensor, and ky, kx.</summary>
    public readonly int[] RowBase, RowKy, RowKx;
    // The zero-padded byte map's sides (Image) and, per (row block, word), its runs of rows that sit side by side in it: a
    // word's rows are copied run by run (a 3×3 kernel's rows come three at a time; a fully connected layer's in one run).
    private readonly int _padH, _padW;
    private readonly int[] _runFirst, _runDst, _runSrc, _runLen;

    public CrossbarGeometry(CrossbarLayerInput inp)
    {
        var t = inp.Target;
        var map = inp.Mapping;
        Encoding = new WeightEncoding(inp.WeightBits, t.BitsPerCell, t.SignedWeights);
        CellBits = t.BitsPerCell;
        DacBits = Math.Min(t.DacBits, inp.InputBits);
        InputBits = inp.InputBits;
        InputSlices = (InputBits + DacBits - 1) / DacBits;
        Slices = Encoding.Slices;
        Polarity = Encoding.PolarityColumns;
        Outputs = inp.Output.Channels;
        ReadoutColumns = Outputs * Slices;
        PhysicalColumns = ReadoutColumns * Polarity;
        Diagonal = inp.Op == LayerOp.DepthwiseConv;
        bool fc = inp.Op == LayerOp.FullyConnected;
        int k = fc ? 1 : inp.KernelSize;
        KernelArea = k * k;
        int inC = fc ? (int)inp.Input.Elements : inp.Input.Channels;
        InHeight = fc ? 1 : inp.Input.Height;
        InWidth = fc ? 1 : inp.Input.Width;
        Stride = fc ? 1 : inp.Stride;
        Padding = fc ? 0 : inp.Padding;
        OutWidth = fc ? 1 : inp.Output.Width;
        Vectors = checked((int)map.InputVectors);
        Rows = inC * KernelArea;
        RowBlocks = map.RowBlocks;
        ColumnBlocks = map.ColumnBlocks;
        if (map.ColumnsPerWeight != Encoding.ColumnsPerWeight || map.InputSlices != InputSlices || map.RowsInBlock.Sum() != Rows)
            throw new ArgumentException("the mapping does not belong to this layer and chip", nameof(inp));

        RowStart = new int[RowBlocks];
        RowCount = map.RowsInBlock;
        for (int i = 1; i < RowBlocks; i++) RowStart[i] = RowStart[i - 1] + RowCount[i - 1];
        WordsPerBlock = (RowCount.Max() + 63) / 64;

        ColStart = new int[RowBlocks];
        ColCount = new int[RowBlocks];
        if (Diagonal)
        {
            DiagonalChannels = map.DiagonalChannels;
            int cols = DiagonalChannels * Encoding.ColumnsPerWeight;
            for (int i = 0; i < RowBlocks; i++) { ColStart[i] = i * cols; ColCount[i] = cols; }
            BlockStart = [0];
            BlockEnd = [cols];
        }
        else
        {
            Array.Fill(ColCount, PhysicalColumns);
            BlockStart = new int[ColumnBlocks];
            BlockEnd = new int[ColumnBlocks];
            for (int c = 0, at = 0; c < ColumnBlocks; c++)
            {
                BlockStart[c] = at;
                at += map.ColumnsInBlock[c];
                BlockEnd[c] = at;
            }
            if (BlockEnd[^1] != PhysicalColumns) throw new ArgumentException("column blocks do not cover the matrix", nameof(inp));
        }

        RowBase = new int[Rows];
        RowKy = new int[Rows];
        RowKx = new int[Rows];
        for (int r = 0; r < Rows; r++)
        {
            int ch = r / KernelArea, ky = r % KernelArea / k, kx = r % k;
            RowBase[r] = (ch * InHeight + ky) * InWidth + kx;
            RowKy[r] = ky;
            RowKx[r] = kx;
        }

        // Padded so that every window lies inside (the bottom and right sides as far as the last window reaches).
        int outH = Vectors / OutWidth;
        _padH = Math.Max(InHeight + 2 * Padding, (outH - 1) * Stride + k);
        _padW = Math.Max(InWidth + 2 * Padding, (OutWidth - 1) * Stride + k);
        var runFirst = new List<int> { 0 };
        var runDst = new List<int>();
        var runSrc = new List<int>();
        var runLen = new List<int>();
        for (int rb = 0; rb < RowBlocks; rb++)
            for (int w = 0; w < WordsPerBlock; w++)
            {
                int r0 = RowStart[rb] + w * 64, n = Math.Min(64, RowCount[rb] - w * 64);
                for (int i = 0; i < n; i++)
                {
                    int r = r0 + i, src = (r / KernelArea * _padH + RowKy[r]) * _padW + RowKx[r];
                    if (i > 0 && runSrc[^1] + runLen[^1] == src) { runLen[^1]++; continue; }
                    runDst.Add(i);
                    runSrc.Add(src);
                    runLen.Add(1);
                }
                runFirst.Add(runDst.Count);
            }
        (_runFirst, _runDst, _runSrc, _runLen) = (runFirst.ToArray(), runDst.ToArray(), runSrc.ToArray(), runLen.ToArray());
    }

    /// <summary>
    /// A layer's activations as <see cref="PackInputs"/> reads them: inputs of at most 8 bits also as a zero-padded byte map
    /// ([channel][y + padding][x + padding], 8 spare bytes at the end), built once per layer input; null otherwise.
    /// </summary>
    public InputImage Image(ushort[] act)
    {
        if (!HasByteImage) return new InputImage(act, null);
        int channels = Rows / KernelArea, plane = _padH * _padW;
        var padded = new byte[channels * plane + 8];
        for (int ch = 0; ch < channels; ch++)
            for (int y = 0; y < InHeight; y++)
            {
                var from = act.AsSpan((ch * InHeight + y) * InWidth, InWidth);
                var to = padded.AsSpan(ch * plane + (y + Padding) * _padW + Padding, InWidth);
                for (int x = 0; x < from.Length; x++) to[x] = (byte)from[x];
            }
        return new InputImage(act, padded);
    }

    /// <summary>Whether <see cref="Image"/> gives a byte map: inputs of at most 8 bits, on a machine with 256-bit vectors.</summary>
    public bool HasByteImage => InputBits <= 8 && Vector256.IsHardwareAccelerated;

    /// <summary>Rows and columns of the zero-padded input (<see cref="Image"/>): every window lies inside.</summary>
    public int PaddedHeight => _padH;
    /// <inheritdoc cref="PaddedHeight"/>
    public int PaddedWidth => _padW;

    /// <summary>Crossbars in row block rb (all column blocks of a dense layer; the one diagonal crossbar otherwise).</summary>
    public int CrossbarsInRowBlock => Diagonal ? 1 : ColumnBlocks;

    /// <summary>Index of crossbar (rb, local column block) in <see cref="LayerTrace.NonZeroPerRead"/>.</summary>
    public int CrossbarIndex(int rb, int block) => Diagonal ? rb : rb * ColumnBlocks + block;

    /// <summary>Physical column range of local column block <paramref name="block"/> of row block rb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Start, int End) Block(int rb, int block) => Diagonal
        ? (ColStart[rb], ColStart[rb] + ColCount[rb])
        : (BlockStart[block], BlockEnd[block]);

    /// <summary>
    /// Where physical column <paramref name="m"/> (global index) sits in its crossbar's cell planes and
    /// partial-sum buffer: first the n positive (or only) columns of the block's n readout columns, then the
    /// n negative ones, so each polarity loads as a vector.
    /// </summary>
    public int LocalColumn(int rb, int m)
    {
        int block = Diagonal ? 0 : Math.Min(m / BlockEnd[0], ColumnBlocks - 1);
        var (c0, c1) = Block(rb, block);
        int n = (c1 - c0) / Polarity;
        return m % Polarity * n + (m / Polarity - c0 / Polarity);
    }

    /// <summary>Weight of output o at matrix row r (0 off the diagonal of a depthwise layer).</summary>
    public int Weight(WeightCodes weights, int o, int r)
    {
        if (!Diagonal) return weights[(long)o * Rows + r];
        return r / KernelArea == o ? weights[o * KernelArea + r % KernelArea] : 0;
    }

    /// <summary>
    /// Packs input vector v's bits for row blocks [rb0, rb1) into <paramref name="planes"/>
    /// ([(rb − rb0) · InputBits + bit] · WordsPerBlock + word) and returns Σ x per row block in <paramref name="rowSums"/>.
    /// Inputs of at most 8 bits go 64 rows at a time: copied into bytes from the layer's padded byte map, then each bit
    /// plane's word is one vector compare and mask extraction (<see cref="PackBytes"/>); those bytes also go to
    /// <paramref name="rowBytes"/> when it is given ([((rb − rb0) · WordsPerBlock + word) · 64 + row in word], 0 past a
    /// block's rows). Wider inputs row by row (and no bytes: <paramref name="rowBytes"/> needs an <see cref="InputImage.Padded"/> map).
    /// With the byte map, empty <paramref name="planes"/> give the bytes alone (no planes, no sums).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackInputs(InputImage image, int v, int rb0, int rb1, Span<ulong> planes, Span<long> rowSums, Span<byte> rowBytes = default)
    {
        int oy = v / OutWidth, ox = v % OutWidth;
        int iy0 = oy * Stride - Padding, ix0 = ox * Stride - Padding;
        int wpb = WordsPerBlock, bits = InputBits;
        if (!planes.IsEmpty) planes[..((rb1 - rb0) * bits * wpb)].Clear();
        if (image.Padded is { } padded)
        {
            if (!rowBytes.IsEmpty) rowBytes[..((rb1 - rb0) * wpb * 64)].Clear();
            PackBytes(padded, oy * Stride * _padW + ox * Stride, rb0, rb1, planes, rowSums, rowBytes);
            return;
        }
        if (!rowBytes.IsEmpty || planes.IsEmpty) throw new ArgumentException("input bytes need the padded byte map (inputs of at most 8 bits)", nameof(rowBytes));
        var act = image.Values;
        int shift = iy0 * InWidth + ix0;
        var rowBase = RowBase; var rowKy = RowKy; var rowKx = RowKx;
        for (int rb = rb0; rb < rb1; rb++)
        {
            var p = planes.Slice((rb - rb0) * bits * wpb, bits * wpb);
            long sum = 0;
            int start = RowStart[rb], count = RowCount[rb];
            for (int rr = 0; rr < count; rr++)
            {
                int r = start + rr;
                int iy = iy0 + rowKy[r], ix = ix0 + rowKx[r];
                if ((uint)iy >= (uint)InHeight || (uint)ix >= (uint)InWidth) continue;
                uint x = act[rowBase[r] + shift];
                if (x == 0) continue;
                sum += x;
                int word = rr >> 6;
                ulong bit = 1UL << (rr & 63);
                do
                {
                    p[System.Numerics.BitOperations.TrailingZeroCount(x) * wpb + word] |= bit;
                    x &= x - 1;
                } while (x != 0);
            }
            rowSums[rb - rb0] = sum;
        }
    }

    /// <summary><see cref="PackInputs"/> for inputs below 2^8: a word's 64 rows copied run by run from the padded byte map
    /// (a run of at most 8 rows as one 8-byte move; the bytes it writes past its end belong to the next run, or are cleared),
    /// bit b of the word = the bytes whose bit b is set (a vector compare and mask extraction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackBytes(byte[] padded, int shift, int rb0, int rb1, Span<ulong> planes, Span<long> rowSums, Span<byte> rowBytes)
    {
        int wpb = WordsPerBlock, bits = InputBits;
        if (padded.Length < (Rows / KernelArea) * _padH * _padW + 8) throw new ArgumentException("the byte map does not belong to this layer", nameof(padded));
        Span<byte> buf = stackalloc byte[64 + 8];
        ref byte src = ref MemoryMarshal.GetArrayDataReference(padded);
        ref byte dst = ref MemoryMarshal.GetReference(buf);
        bool wantPlanes = !planes.IsEmpty;
        for (int rb = rb0; rb < rb1; rb++)
        {
            var p = wantPlanes ? planes.Slice((rb - rb0) * bits * wpb, bits * wpb) : default;
            long sum = 0;
            int count = RowCount[rb];
            for (int w = 0; w * 64 < count; w++)
            {
                int n = Math.Min(64, count - w * 64), runs = rb * wpb + w;
                for (int j = _runFirst[runs]; j < _runFirst[runs + 1]; j++)
                {
                    int len = _runLen[j], from = _runSrc[j] + shift;
                    if (len <= 8) Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, _runDst[j]), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, from)));
                    else padded.AsSpan(from, len).CopyTo(buf[_runDst[j]..]);
                }
                buf[n..64].Clear();
                if (!rowBytes.IsEmpty) buf[..64].CopyTo(rowBytes[(((rb - rb0) * wpb + w) * 64)..]);
                if (!wantPlanes) continue;
                if (Vector512.IsHardwareAccelerated)
                {
                    var all = Vector512.LoadUnsafe(ref dst);
                    if (all == Vector512<byte>.Zero) continue;
                    sum += (long)Vector512.Sum(Avx512BW.SumAbsoluteDifferences(all, Vector512<byte>.Zero).AsUInt64());
                    for (int b = 0; b < bits; b++)
                        p[b * wpb + w] = ~Vector512.Equals(all & Vector512.Create((byte)(1 << b)), Vector512<byte>.Zero).ExtractMostSignificantBits();
                    continue;
                }
                var lo = Vector256.LoadUnsafe(ref dst);
                var hi = Vector256.LoadUnsafe(ref dst, 32);
                if ((lo | hi) == Vector256<byte>.Zero) continue;
                var (l0, l1) = Vector256.Widen(lo);
                var (h0, h1) = Vector256.Widen(hi);
                sum += Vector256.Sum(l0 + l1 + h0 + h1); // ≤ 64 · 255 per word: no lane overflows
                for (int b = 0; b < bits; b++)
                {
                    var m = Vector256.Create((byte)(1 << b));
                    p[b * wpb + w] = ~(Vector256.Equals(lo & m, Vector256<byte>.Zero).ExtractMostSignificantBits()
                        | (ulong)Vector256.Equals(hi & m, Vector256<byte>.Zero).ExtractMostSignificantBits() << 32);
                }
            }
            rowSums[rb - rb0] = sum;
        }
    }
}

/// <summary>A layer's activations for <see cref="CrossbarGeometry.PackInputs"/> (<see cref="CrossbarGeometry.Image"/>).</summary>
internal sealed class InputImage(ushort[] values, byte[]? padded)
{
    public ushort[] Values { get; } = values;
    /// <summary>The zero-padded byte map, for inputs of at most 8 bits.</summary>
    public byte[]? Padded { get; } = padded;
}
