using System.Buffers.Binary;
using System.IO.Compression;

namespace CimSim.Workloads.Datasets;

/// <summary>
/// Reads the idx format of MNIST and Fashion-MNIST (LeCun et al.; <c>*-idx3-ubyte</c>, <c>*-idx1-ubyte</c>), plain or
/// gzipped: a big-endian header (two zero bytes, the element type 0x08 = unsigned byte, the dimension count, then one
/// 32-bit size per dimension) followed by the elements in C order. Image files have magic 2051 (three dimensions:
/// count, rows, columns), label files 2049 (one dimension: count). Anything else — another magic, a short or over-long
/// body, a file that is not gzip when it says so — is an <see cref="InputException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an idx image file (unsigned bytes, three dimensions).</summary>
    public const int ImagesMagic = 2051;
    /// <summary>Magic number of an idx label file (unsigned bytes, one dimension).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>An idx image file: count × rows × columns bytes.</summary>
    public static (int Count, int Rows, int Columns, byte[] Pixels) ReadImages(string path)
    {
        var (dims, body) = Read(path, ImagesMagic);
        return (dims[0], dims[1], dims[2], body);
    }

    /// <summary>An idx label file: one byte per example.</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic).Body;

    /// <summary>Reads the file at <paramref name="path"/> and checks it has <paramref name="expectedMagic"/>.</summary>
    public static (int[] Dims, byte[] Body) Read(string path, int expectedMagic)
    {
        byte[] raw;
        try { raw = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, 0, 0, null, $"cannot read: {e.Message}");
        }
        return Parse(raw, path, expectedMagic);
    }

    /// <summary>Parses idx bytes (gunzipping them first when they start with the gzip magic).</summary>
    public static (int[] Dims, byte[] Body) Parse(byte[] raw, string fileName, int expectedMagic)
    {
        InputException Bad(string reason) => new(fileName, 0, 0, null, reason);
        byte[] data = raw;
        if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            try
            {
                using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var ms = new MemoryStream();
                gz.CopyTo(ms);
                data = ms.ToArray();
            }
            catch (InvalidDataException e) { throw Bad($"not a valid gzip file: {e.Message}"); }
        }
        if (data.Length < 4) throw Bad($"not an idx file: {data.Length} bytes, the header alone needs at least 4");
        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        if (magic != expectedMagic)
            throw Bad($"idx magic is {magic}, expected {expectedMagic} ({(expectedMagic == ImagesMagic ? "images" : "labels")}); is this the right file?");
        int rank = magic & 0xff;
        int headerLength = 4 + 4 * rank;
        if (data.Length < headerLength) throw Bad($"truncated idx header: {data.Length} bytes, {headerLength} needed");
        var dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + 4 * d));
            if (dims[d] <= 0) throw Bad($"idx dimension {d} is {dims[d]}; it must be positive");
            count *= dims[d];
        }
        if (count > int.MaxValue) throw Bad($"idx body of {count} elements is too large");
        long have = data.Length - headerLength;
        if (have != count)
            throw Bad($"idx header announces {string.Join("×", dims)} = {count} bytes, the body has {have}");
        return (dims, data.AsSpan(headerLength).ToArray());
    }
}
