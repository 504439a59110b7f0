using System.Buffers.Binary;
using System.Text;

namespace CimSim.Tests.Workloads;

/// <summary>Writes .npy files (format 1.0) for tests, as NumPy's np.save would.</summary>
internal static class NpyFiles
{
    public static byte[] Bytes(string descr, int[] shape, byte[] body, bool fortran = false)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var h = Encoding.ASCII.GetBytes(header);
        var b = new byte[10 + h.Length + body.Length];
        b[0] = 0x93; "NUMPY"u8.CopyTo(b.AsSpan(1)); b[6] = 1; b[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)h.Length);
        h.CopyTo(b, 10);
        body.CopyTo(b, 10 + h.Length);
        return b;
    }

    public static byte[] Float32(int[] shape, float[] values)
    {
        var body = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(4 * i), values[i]);
        return Bytes("<f4", shape, body);
    }

    public static byte[] Int8(int[] shape, sbyte[] values) => Bytes("|i1", shape, values.Select(v => (byte)v).ToArray());

    public static byte[] Int16(int[] shape, short[] values) => Bytes("<i2", shape, values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8) }).ToArray());
}
