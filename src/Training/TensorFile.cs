using System.Text;
using static TorchSharp.torch;

namespace CimSim.Training;

/// <summary>
/// Named tensors in one binary file (checkpoints): "CIMT" magic, count, then per tensor its name, dtype,
/// shape and little-endian data. Written to a temporary name and renamed, so a checkpoint is never half written.
/// </summary>
internal static class TensorFile
{
    private static readonly byte[] Magic = "CIMT"u8.ToArray();

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        string tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            var list = tensors.ToList();
            w.Write(Magic);
            w.Write(list.Count);
            using var scope = NewDisposeScope();
            foreach (var (name, t0) in list)
            {
                var t = t0.detach().contiguous().cpu();
                w.Write(name);
                w.Write((int)t.dtype);
                w.Write(t.shape.Length);
                foreach (long d in t.shape) w.Write(d);
                var bytes = t.bytes;
                w.Write(bytes.Length);
                w.Write(bytes);
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static Dictionary<string, Tensor> Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (!r.ReadBytes(4).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path}: not a CimSim tensor file");
        int n = r.ReadInt32();
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string name = r.ReadString();
            var dtype = (ScalarType)r.ReadInt32();
            var shape = new long[r.ReadInt32()];
            for (int k = 0; k < shape.Length; k++) shape[k] = r.ReadInt64();
            var bytes = r.ReadBytes(r.ReadInt32());
            var t = empty(shape, dtype);
            t.bytes = bytes;
            d[name] = t;
        }
        return d;
    }
}
