using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.RegularExpressions;

namespace CimSim.Workloads.Numpy;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0–3.0): C-ordered arrays of float16/32/64 or 8–64-bit
/// signed/unsigned integers, either byte order. Anything else — Fortran order, object or structured dtypes, a
/// short file — is an <see cref="InputException"/> naming the file and what is wrong.
/// </summary>
public static partial class NpyReader
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static NpyArray ReadFile(string path)
    {
        var bytes = InputFiles.ReadAllBytes(path, InputFiles.NpyMaxBytes);
        return Read(bytes, path, bytes);
    }

    /// <summary>Parses the bytes of a <c>.npy</c> file; <paramref name="fileName"/> is used in error messages.</summary>
    public static NpyArray Read(ReadOnlySpan<byte> data, string fileName) => Read(data, fileName, null);

    /// <summary>As the public overload; <paramref name="owner"/> is the array behind <paramref name="data"/>, if any, which an
    /// int8 array then references instead of copying its elements.</summary>
    private static NpyArray Read(ReadOnlySpan<byte> data, string fileName, byte[]? owner)
    {
        InputException Bad(string reason) => new(fileName, 0, 0, null, reason);
        if (data.Length < 10 || !data[..6].SequenceEqual(Magic)) throw Bad("not a NumPy .npy file (bad magic bytes)");
        int major = data[6];
        int headerLen, headerStart;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]); headerStart = 10; }
        else if (major is 2 or 3)
        {
            if (data.Length < 12) throw Bad("truncated in the .npy preamble");
            headerLen = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(data[8..]));
            headerStart = 12;
        }
        else throw Bad($".npy format version {major}.{data[7]} is not supported (1.0–3.0 are)");
        if (data.Length < headerStart + headerLen) throw Bad($"truncated: the header needs {headerLen} bytes from offset {headerStart}");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(data.Slice(headerStart, headerLen));

        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success) throw Bad($"cannot parse the .npy header {header.Trim()}");
        if (fortran.Groups[1].Value == "True") throw Bad("Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int d) ? d : throw Bad($"bad dimension '{s}' in shape"))
            .ToArray();
        long count = 1;
        foreach (int d in dims) count = checked(count * d);
        if (count > int.MaxValue) throw Bad($"array of {count} elements is too large");

        string dt = descr.Groups[1].Value;
        char order = dt[0];
        bool big = order == '>';
        if (order is not ('<' or '>' or '|' or '=')) throw Bad($"unsupported dtype '{dt}'");
        char kind = dt[1];
        if (!int.TryParse(dt.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size)) throw Bad($"unsupported dtype '{dt}'");
        bool ok = kind switch { 'f' => size is 2 or 4 or 8, 'i' or 'u' => size is 1 or 2 or 4 or 8, _ => false };
        if (!ok) throw Bad($"unsupported dtype '{dt}' (float16/32/64 and 8–64-bit integers are)");

        int dataStart = headerStart + headerLen;
        long need = count * size;
        if (data.Length - dataStart < need)
            throw Bad($"truncated: {count} elements of {size} bytes need {need} bytes from offset {dataStart}, the file has {data.Length - dataStart}");
        if (data.Length - dataStart > need) // np.save writes none: a wrong shape in the header, or two files run together
            throw Bad($"{data.Length - dataStart - need} bytes after the {count} elements the header's shape holds");
        var body = data.Slice(dataStart, (int)need);
        if (kind == 'i' && size == 1)
            return NpyArray.OfInt8(dims, owner is not null ? owner.AsMemory(dataStart, (int)need) : body.ToArray());
        var values = new float[count];
        Decode(body, kind, size, big, values);
        if (kind == 'f' && FirstNonFinite(values) is int bad and >= 0) throw Bad($"element {bad} is not a finite number");
        return new NpyArray(dims, values, kind != 'f') { IsUInt8 = kind == 'u' && size == 1 };
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstNonFinite(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>int8 elements widened to float (an int8 <see cref="NpyArray"/>'s <see cref="NpyArray.Values"/>).</summary>
    internal static float[] Widen(ReadOnlySpan<sbyte> source)
    {
        var values = new float[source.Length];
        Int8ToSingle(source, values);
        return values;
    }

    /// <summary>int8 → float32, 32 at a time (quantized weight files are int8 and large).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Int8ToSingle(ReadOnlySpan<sbyte> source, Span<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte s = ref MemoryMarshal.GetReference(source);
            ref float d = ref MemoryMarshal.GetReference(values);
            for (; i + 32 <= source.Length; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref s, (nuint)i));
                var (a, b) = Vector256.Widen(lo);
                var (c, e) = Vector256.Widen(hi);
                Vector256.ConvertToSingle(a).StoreUnsafe(ref d, (nuint)i);
                Vector256.ConvertToSingle(b).StoreUnsafe(ref d, (nuint)(i + 8));
                Vector256.ConvertToSingle(c).StoreUnsafe(ref d, (nuint)(i + 16));
                Vector256.ConvertToSingle(e).StoreUnsafe(ref d, (nuint)(i + 24));
            }
        }
        for (; i < source.Length; i++) values[i] = source[i];
    }

    /// <summary>Element values as float. Little-endian float32 is a block copy and uint8 a typed loop (weights and images are
    /// these; int8 is kept as it is, see <see cref="NpyArray"/>); every other dtype goes element by element. Compiled optimized at once: a 10 M-element file
    /// would otherwise run in the JIT's first tier (measured: 8 % of a VGG8 compile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Decode(ReadOnlySpan<byte> body, char kind, int size, bool big, float[] values)
    {
        if (!big && BitConverter.IsLittleEndian)
            switch (kind, size)
            {
                case ('f', 4):
                    MemoryMarshal.Cast<byte, float>(body).CopyTo(values);
                    return;
                case ('u', 1):
                    for (int i = 0; i < values.Length; i++) values[i] = body[i];
                    return;
            }
        for (int i = 0; i < values.Length; i++)
        {
            var e = body.Slice(i * size, size);
            values[i] = (kind, size) switch
            {
                ('f', 2) => (float)(big ? BinaryPrimitives.ReadHalfBigEndian(e) : BinaryPrimitives.ReadHalfLittleEndian(e)),
                ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(e) : BinaryPrimitives.ReadSingleLittleEndian(e),
                ('f', _) => (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(e) : BinaryPrimitives.ReadDoubleLittleEndian(e)),
                ('u', 1) => e[0],
                ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(e) : BinaryPrimitives.ReadInt16LittleEndian(e),
                ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(e) : BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(e) : BinaryPrimitives.ReadInt32LittleEndian(e),
                ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(e) : BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('i', _) => big ? BinaryPrimitives.ReadInt64BigEndian(e) : BinaryPrimitives.ReadInt64LittleEndian(e),
                _ => big ? BinaryPrimitives.ReadUInt64BigEndian(e) : BinaryPrimitives.ReadUInt64LittleEndian(e),
            };
        }
    }
}
