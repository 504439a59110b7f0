using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Partial sums of every column of one crossbar for one input slice: ps[i] = Σ_dacBit Σ_cellBit
/// 2^(dacBit + cellBit) · popcount(inputWord AND cellPlane), over the crossbar's words (layout in
/// <see cref="WeightPlanes"/>). With 1-bit cells and a 1-bit DAC on an AVX-512BW machine, 8 columns are counted
/// at once (nibble lookup with VPSHUFB, byte sums with VPSADBW); otherwise with scalar POPCNT. Both give the
/// same integers.
/// </summary>
internal static class PopcountKernels
{
    /// <summary>
    /// Fills <paramref name="ps"/> (length a multiple of 8, padding columns get 0) for input slice
    /// <paramref name="slice"/> from the crossbar's <paramref name="cells"/> and the input planes <paramref name="x"/>
    /// ([inputBit · words + word]) of row block <paramref name="rowBlock"/> (only its words that hold rows are read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<ulong> cells, ReadOnlySpan<ulong> x, int slice, CrossbarGeometry g, int rowBlock, Span<int> ps)
    {
        int wpb = g.WordsPerBlock, c = g.CellBits, d = g.DacBits, used = (g.RowCount[rowBlock] + 63) >> 6;
        if ((ps.Length & 7) != 0 || cells.Length < ps.Length * c * wpb) throw new ArgumentException("buffers do not match the crossbar");
        int firstBit = slice * d, bits = Math.Min(d, g.InputBits - firstBit);
        if (c == 1 && bits == 1)
        {
            var xs = x.Slice(firstBit * wpb, used);
            if (Avx512BW.IsSupported) OneBitAvx512(cells, xs, wpb, ps);
            else OneBitScalar(cells, xs, wpb, ps);
            return;
        }
        for (int i = 0; i < ps.Length; i++)
        {
            int acc = 0;
            for (int di = 0; di < bits; di++)
                for (int cb = 0; cb < c; cb++)
                {
                    int n = 0;
                    for (int w = 0; w < used; w++)
                        n += BitOperations.PopCount(x[(firstBit + di) * wpb + w] & cells[WeightPlanes.Index(i, cb, w, c, wpb)]);
                    acc += n << (di + cb);
                }
            ps[i] = acc;
        }
    }

    /// <summary>
    /// The columns of a crossbar of 1-bit cells that a 1-bit input slice reaches (a non-zero partial sum), without the
    /// sums: <paramref name="columns"/> (a multiple of 8; padding columns hold no cells) of <paramref name="cells"/>, the
    /// slice's words <paramref name="xs"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NonZeroColumns(ReadOnlySpan<ulong> cells, ReadOnlySpan<ulong> xs, int wpb, int columns)
    {
        if ((columns & 7) != 0 || cells.Length < columns * wpb || xs.Length > wpb) throw new ArgumentException("buffers do not match the crossbar");
        ref ulong cl = ref MemoryMarshal.GetReference(cells);
        int words = xs.Length, nz = 0;
        // Avx512F, not Vector512.IsHardwareAccelerated: .NET leaves the latter false on CPUs whose clock drops under 512-bit
        // work (Skylake-X, Cascade Lake), where this loop is still faster at 512 bits (as OneBitAvx512 is).
        if (Avx512F.IsSupported)
        {
            // A column is reached when its cells AND the slice are non-zero in some word: count the 8 columns' zero results.
            ref ulong xr = ref MemoryMarshal.GetReference(xs);
            int zero = 0;
            if (words <= 2)
            {
                var x0 = Vector512.Create(words > 0 ? xr : 0UL);
                var x1 = Vector512.Create(words > 1 ? Unsafe.Add(ref xr, 1) : 0UL);
                for (int group = 0; group < columns; group += 8)
                {
                    ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
                    var any = Vector512.LoadUnsafe(ref gp) & x0;
                    if (words > 1) any |= Vector512.LoadUnsafe(ref gp, 8) & x1;
                    zero += BitOperations.PopCount(Vector512.Equals(any, Vector512<ulong>.Zero).ExtractMostSignificantBits());
                }
                return columns - zero;
            }
            for (int group = 0; group < columns; group += 8)
            {
                ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
                var any = Vector512<ulong>.Zero;
                for (int w = 0; w < words; w++) any |= Vector512.LoadUnsafe(ref gp, (nuint)(w * 8)) & Vector512.Create(Unsafe.Add(ref xr, w));
                zero += BitOperations.PopCount(Vector512.Equals(any, Vector512<ulong>.Zero).ExtractMostSignificantBits());
            }
            return columns - zero;
        }
        for (int group = 0; group < columns; group += 8)
        {
            ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
            for (int lane = 0; lane < 8; lane++)
            {
                ulong any = 0;
                for (int w = 0; w < words; w++) any |= xs[w] & Unsafe.Add(ref gp, w * 8 + lane);
                nz += any != 0 ? 1 : 0;
            }
        }
        return nz;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneBitScalar(ReadOnlySpan<ulong> cells, ReadOnlySpan<ulong> xs, int wpb, Span<int> ps)
    {
        ref ulong cl = ref MemoryMarshal.GetReference(cells);
        for (int group = 0; group < ps.Length; group += 8)
        {
            ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
            for (int lane = 0; lane < 8; lane++)
            {
                int n = 0;
                for (int w = 0; w < xs.Length; w++) n += BitOperations.PopCount(xs[w] & Unsafe.Add(ref gp, w * 8 + lane));
                ps[group + lane] = n;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneBitAvx512(ReadOnlySpan<ulong> cells, ReadOnlySpan<ulong> xs, int wpb, Span<int> ps)
    {
        var lut = NibbleCounts();
        var nibble = Vector512.Create((byte)0x0F);
        ref ulong cl = ref MemoryMarshal.GetReference(cells);
        ref int pp = ref MemoryMarshal.GetReference(ps);
        int words = xs.Length;
        ref ulong xr = ref MemoryMarshal.GetReference(xs);
        if (words <= 2)
        {
            // Up to 128 rows (the usual crossbar): both input words broadcast once, no inner loop.
            var x0 = Vector512.Create(words > 0 ? xr : 0UL);
            var x1 = Vector512.Create(words > 1 ? Unsafe.Add(ref xr, 1) : 0UL);
            for (int group = 0; group < ps.Length; group += 8)
            {
                ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
                var bytes = ByteCounts(Vector512.LoadUnsafe(ref gp) & x0, lut, nibble);
                if (words > 1) bytes += ByteCounts(Vector512.LoadUnsafe(ref gp, 8) & x1, lut, nibble);
                var counts = Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsInt64();
                Avx512F.ConvertToVector256Int32(counts).StoreUnsafe(ref pp, (nuint)group);
            }
            return;
        }
        for (int group = 0; group < ps.Length; group += 8)
        {
            ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
            var sum = Vector512<ulong>.Zero;
            // Byte counts (≤ 8 per word) add up in bytes for up to 31 words, then one byte sum per column.
            for (int w = 0; w < words;)
            {
                var bytes = Vector512<byte>.Zero;
                for (int end = Math.Min(words, w + 31); w < end; w++)
                {
                    bytes += ByteCounts(Vector512.LoadUnsafe(ref gp, (nuint)(w * 8)) & Vector512.Create(Unsafe.Add(ref xr, w)), lut, nibble);
                }
                sum += Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();
            }
            Avx512F.ConvertToVector256Int32(sum.AsInt64()).StoreUnsafe(ref pp, (nuint)group);
        }
    }

    /// <summary>
    /// <see cref="Compute"/> and <see cref="ColumnReadout.AdcExcess{TP}"/> for offset columns in one pass, where
    /// <see cref="FusedExcessApplies"/>: each group of 8 columns' partial sums stays in a register, and what a unit-LSB ADC
    /// of top code <paramref name="amax"/> clips off, (ps − amax)⁺ shifted by <paramref name="sd"/>, is added to
    /// <paramref name="excess"/>. Returns the non-zero conversions and adds the clipped ones to <paramref name="clipped"/>:
    /// the same integers as the two calls (padding columns hold no cells, so they add nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int OneBitOffsetExcess(ReadOnlySpan<ulong> cells, ReadOnlySpan<ulong> xs, int wpb, int columns, int amax, int sd,
        Span<int> excess, ref long clipped)
    {
        if ((columns & 7) != 0 || cells.Length < columns * wpb || xs.Length > Math.Min(2, wpb) || excess.Length < columns || !Avx512BW.IsSupported)
            throw new ArgumentException("buffers do not match the crossbar, or no fused kernel on this machine");
        var lut = NibbleCounts();
        var nibble = Vector512.Create((byte)0x0F);
        var top = Vector512.Create((long)amax);
        ref ulong cl = ref MemoryMarshal.GetReference(cells);
        ref int ex = ref MemoryMarshal.GetReference(excess);
        ref ulong xr = ref MemoryMarshal.GetReference(xs);
        int words = xs.Length, zero = 0, clip = 0;
        var x0 = Vector512.Create(words > 0 ? xr : 0UL);
        var x1 = Vector512.Create(words > 1 ? Unsafe.Add(ref xr, 1) : 0UL);
        for (int group = 0; group < columns; group += 8)
        {
            ref ulong gp = ref Unsafe.Add(ref cl, group * wpb);
            var bytes = ByteCounts(Vector512.LoadUnsafe(ref gp) & x0, lut, nibble);
            if (words > 1) bytes += ByteCounts(Vector512.LoadUnsafe(ref gp, 8) & x1, lut, nibble);
            var ps = Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsInt64();
            zero += BitOperations.PopCount(Vector512.Equals(ps, Vector512<long>.Zero).ExtractMostSignificantBits());
            var over = Vector512.GreaterThan(ps, top);
            if (over == Vector512<long>.Zero) continue;
            clip += BitOperations.PopCount(over.ExtractMostSignificantBits());
            var cut = Avx512F.ConvertToVector256Int32((ps - top) & over);
            (Vector256.LoadUnsafe(ref ex, (nuint)group) + Vector256.ShiftLeft(cut, sd)).StoreUnsafe(ref ex, (nuint)group);
        }
        clipped += clip;
        return columns - zero;
    }

    /// <summary>Whether <see cref="OneBitOffsetExcess"/> runs here: an AVX-512BW machine and at most 128 rows per read.</summary>
    public static bool FusedExcessApplies(CrossbarGeometry g, int rowBlock) => Avx512BW.IsSupported && g.RowCount[rowBlock] <= 128;

    /// <summary>The lookup <see cref="ByteCounts"/> takes: the set bits of each 4-bit value, in every 128-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> NibbleCounts() =>
        Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
                         0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    /// <summary>The number of set bits of each byte of <paramref name="words"/> (two nibble lookups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ByteCounts(Vector512<ulong> words, Vector512<byte> lut, Vector512<byte> nibble)
    {
        var v = words.AsByte();
        return Avx512BW.Shuffle(lut, v & nibble) + Avx512BW.Shuffle(lut, Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble);
    }
}
