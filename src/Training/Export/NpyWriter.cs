using System.Text;

namespace CimSim.Training.Export;

/// <summary>Writes little-endian NumPy .npy files (version 1.0): float32, int8 and uint8 arrays.</summary>
internal static class NpyWriter
{
    public static void Write(string path, float[] data, int[] shape) =>
        Write(path, "<f4", shape, MemoryMarshalBytes(data));

    public static void Write(string path, sbyte[] data, int[] shape) =>
        Write(path, "|i1", shape, Array.ConvertAll(data, v => unchecked((byte)v)));

    public static void Write(string path, byte[] data, int[] shape) => Write(path, "|u1", shape, data);

    private static byte[] MemoryMarshalBytes(float[] data)
    {
        var b = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, b, 0, b.Length);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian host");
        return b;
    }

    private static void Write(string path, string descr, int[] shape, byte[] body)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var h = Encoding.ASCII.GetBytes(header);
        f.Write(BitConverter.GetBytes((ushort)h.Length));
        f.Write(h);
        f.Write(body);
    }
}
