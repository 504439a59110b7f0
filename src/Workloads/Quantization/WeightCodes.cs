using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CimSim.Workloads.Quantization;

/// <summary>
/// A layer's quantized (integer) weights in PyTorch layout: an <c>int</c> array, or the elements of an int8 weight file as
/// stored. The second is never widened as a whole: the compiler reads it 64 weights at a time into the bit planes, so a
/// VGG8's 12.7 M int8 weights do not become 51 MB of fresh ints (memory a process first touches is its dearest here:
/// docs/PERFORMANCE.md).
/// </summary>
public readonly struct WeightCodes
{
    private readonly int[]? _ints;
    private readonly ReadOnlyMemory<byte> _int8;

    /// <summary>Weights held as ints.</summary>
    public WeightCodes(int[] values) => _ints = values;

    private WeightCodes(ReadOnlyMemory<byte> int8) => _int8 = int8;

    /// <summary>Weights that are the int8 elements in <paramref name="int8"/> (one byte each, not copied).</summary>
    public static WeightCodes OfInt8(ReadOnlyMemory<byte> int8) => new(int8);

    /// <summary>Ints as they are.</summary>
    public static implicit operator WeightCodes(int[] values) => new(values);

    /// <summary>Number of weights.</summary>
    public int Length => _ints?.Length ?? _int8.Length;

    /// <summary>Bytes the weights occupy (4 per int, 1 per int8).</summary>
    public long StorageBytes => _ints is { } a ? 4L * a.Length : _int8.Length;

    /// <summary>The same weights one byte each when every one fits an int8 (≤ 8-bit codes), else these.</summary>
    public WeightCodes Compact()
    {
        if (_ints is not { } a) return this;
        var bytes = new byte[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] is < sbyte.MinValue or > sbyte.MaxValue) return this;
            bytes[i] = (byte)(sbyte)a[i];
        }
        return OfInt8(bytes);
    }

    private ReadOnlySpan<sbyte> Int8 => MemoryMarshal.Cast<byte, sbyte>(_int8.Span);

    /// <summary>Whether the weights are stored one byte each (<see cref="OfInt8"/>, <see cref="Compact"/>); their bytes if so.</summary>
    public bool IsInt8(out ReadOnlyMemory<byte> int8)
    {
        int8 = _ints is null ? _int8 : default;
        return _ints is null;
    }

    /// <summary>Weight <paramref name="i"/>.</summary>
    public int this[long i] => _ints is { } a ? a[i] : Int8[checked((int)i)];

    /// <summary>Weights [<paramref name="start"/>, start + destination length) into <paramref name="destination"/>.</summary>
    public void CopyTo(long start, Span<int> destination)
    {
        if (_ints is { } a) { a.AsSpan(checked((int)start), destination.Length).CopyTo(destination); return; }
        var s = Int8.Slice(checked((int)start), destination.Length);
        for (int i = 0; i < s.Length; i++) destination[i] = s[i];
    }

    /// <summary>Every weight as an int (a copy for int8 weights).</summary>
    public int[] ToArray()
    {
        if (_ints is { } a) return a;
        var r = new int[Length];
        CopyTo(0, r);
        return r;
    }

    /// <summary>The first weight outside ±<paramref name="q"/>, or −1 (int8 weights: 32 at a time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long FirstOutside(int q)
    {
        if (_ints is { } a)
        {
            for (long i = 0; i < a.Length; i++)
                if (a[i] < -q || a[i] > q) return i;
            return -1;
        }
        if (q >= 128) return -1; // every int8 fits
        var s = Int8;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte first = ref MemoryMarshal.GetReference(s);
            var hi = Vector256.Create((sbyte)q);
            var lo = Vector256.Create((sbyte)-q);
            for (; j + 32 <= s.Length; j += 32)
            {
                var v = Vector256.LoadUnsafe(ref first, (nuint)j);
                if ((Vector256.GreaterThan(v, hi) | Vector256.LessThan(v, lo)) != Vector256<sbyte>.Zero) break; // found below
            }
        }
        for (; j < s.Length; j++)
            if (s[j] < -q || s[j] > q) return j;
        return -1;
    }
}
