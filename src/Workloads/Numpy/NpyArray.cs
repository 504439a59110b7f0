using System.Runtime.InteropServices;

namespace CimSim.Workloads.Numpy;

/// <summary>
/// An array read from a NumPy <c>.npy</c> file: its shape (C order) and its elements. An int8 file (quantized weights)
/// keeps its bytes and widens them to float only when <see cref="Values"/> is first read, so that the compiler can take
/// the integers as they are without a float copy of every weight.
/// </summary>
public sealed class NpyArray
{
    private readonly ReadOnlyMemory<byte> _int8;
    private float[]? _values;

    /// <summary>An array of <paramref name="values"/>; <paramref name="isInteger"/> when the file's dtype is an integer type.</summary>
    public NpyArray(int[] shape, float[] values, bool isInteger)
    {
        (Shape, _values, IsInteger) = (shape, values, isInteger);
    }

    private NpyArray(int[] shape, ReadOnlyMemory<byte> int8)
    {
        (Shape, _int8, IsInteger, IsInt8) = (shape, int8, true, true);
    }

    /// <summary>An int8 array over <paramref name="int8"/> (one byte per element, not copied).</summary>
    public static NpyArray OfInt8(int[] shape, ReadOnlyMemory<byte> int8) => new(shape, int8);

    /// <summary>Dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>True when the file's dtype is an integer type (values are then exact below 2^24).</summary>
    public bool IsInteger { get; }

    /// <summary>True when the file's dtype is int8; <see cref="Int8Bytes"/> then holds the elements as stored.</summary>
    public bool IsInt8 { get; }

    /// <summary>True when the file's dtype is uint8 (images stored as bytes).</summary>
    public bool IsUInt8 { get; init; }

    /// <summary>The elements of an int8 file as stored, one byte each (empty for any other dtype).</summary>
    public ReadOnlyMemory<byte> Int8Bytes => _int8;

    /// <summary>Elements in C (row-major) order, widened to float (an int8 file's on first use; two threads that race here
    /// widen twice to equal arrays).</summary>
    public float[] Values => _values ??= NpyReader.Widen(MemoryMarshal.Cast<byte, sbyte>(_int8.Span));

    /// <summary>The shape as NumPy prints it, e.g. <c>(64, 3, 3, 3)</c>.</summary>
    public string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
}
