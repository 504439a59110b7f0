using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CimSim.Workloads.Functional;

/// <summary>
/// Exact integer dot products of one row block's inputs (at most 8 bits, widened to shorts) with one output's int8
/// weights: the exact sums of an ADC layer without its bit-serial reads (<see cref="PartialSumEngine"/>). Pairs of
/// products are added in 32-bit lanes (VPMADDWD); a lane gains at most 2 · 255 · 128 per 32 rows, so a layer of up to
/// 2^20 rows stays below 2^31 (the engine takes this path only then).
/// </summary>
internal static class ExactDot
{
    /// <summary>The inputs <paramref name="bytes"/> as shorts into <paramref name="x16"/> (the same length).</summary>
    public static void Widen(ReadOnlySpan<byte> bytes, Span<short> x16)
    {
        if (x16.Length < bytes.Length) throw new ArgumentException("destination shorter than the inputs", nameof(x16));
        for (int i = 0; i < bytes.Length; i++) x16[i] = bytes[i];
    }

    /// <summary>Lanes of one output's running sum (<see cref="Accumulate"/>): one 512-bit vector of ints.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// Adds x16[i] · w[i] over i &lt; <paramref name="count"/> into the <see cref="Lanes"/> ints of <paramref name="lanes"/>
    /// (their total is the running dot product: <see cref="Total"/>). Every lane holds sums of pairs of products, so a
    /// lane gains at most 2 · 255 · 128 per 32 rows. <paramref name="x16"/> must be zero from <paramref name="count"/> to the
    /// next multiple of 32; <paramref name="w"/> is read that far when it holds that many weights (they meet zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<short> x16, ReadOnlySpan<sbyte> w, int count, Span<int> lanes)
    {
        int whole = Math.Min((count + 31) & ~31, w.Length & ~31);
        if (x16.Length < Math.Max(count, whole) || w.Length < count || lanes.Length < Lanes) throw new ArgumentException("fewer inputs, weights or lanes than the count");
        ref short x = ref MemoryMarshal.GetReference(x16);
        ref sbyte wr = ref MemoryMarshal.GetReference(w);
        ref int acc = ref MemoryMarshal.GetReference(lanes);
        int i = 0;
        if (Avx512BW.IsSupported)
        {
            var a = Vector512.LoadUnsafe(ref acc);
            for (; i < whole; i += 32)
                a += Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref x, (nuint)i),
                    Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref wr, (nuint)i)));
            a.StoreUnsafe(ref acc);
        }
        else if (Avx2.IsSupported)
        {
            var a0 = Vector256.LoadUnsafe(ref acc);
            var a1 = Vector256.LoadUnsafe(ref acc, 8);
            for (; i < whole; i += 32)
            {
                a0 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref x, (nuint)i), Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wr, (nuint)i)));
                a1 += Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref x, (nuint)(i + 16)), Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref wr, (nuint)(i + 16))));
            }
            a0.StoreUnsafe(ref acc);
            a1.StoreUnsafe(ref acc, 8);
        }
        int tail = 0;
        for (; i < count; i++) tail += Unsafe.Add(ref x, i) * Unsafe.Add(ref wr, i);
        acc += tail;
    }

    /// <summary>The dot product held in <paramref name="lanes"/> (<see cref="Accumulate"/>).</summary>
    public static long Total(ReadOnlySpan<int> lanes)
    {
        long sum = 0;
        foreach (int v in lanes[..Lanes]) sum += v;
        return sum;
    }
}
