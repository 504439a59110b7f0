using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CimSim.Workloads.Functional;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;

namespace CimSim.Workloads.Compilation;

/// <summary>
/// Keys of the <see cref="LayerCache"/>: the first 128 bits of the SHA-256 of a canonical text naming everything
/// a compiler step reads. Two chains of keys:
/// <list type="bullet">
/// <item>An <b>activation key</b> per layer names what determines its output activations: the network input's
/// values, and for every layer on the path to it its op, shapes, kernel, stride, padding, ReLU and sources; for a
/// crossbar layer also its resolved weight and input bits, its index and the seed (random weights are drawn per
/// layer index and output channel) or the content of its weight file, and the chip's crossbar geometry. Activations
/// propagate through exact integer outputs, so no readout enters this chain: changing one layer's ADC bits leaves
/// every later layer's key unchanged, changing its input bits changes its key and every later one.</item>
/// <item>A <b>readout key</b> per crossbar layer adds what the partial-sum engine reads beyond that: the chip as the
/// layer sees it (its own readout, crossbar size, cell bits, signed scheme, DAC bits, crossbars per PE and per
/// tile, scale-factor bits; not the chip's tile count or default precisions, which the layer's resolved values
/// replace) and the layer's whole mapping except its first tile, which the engine never reads.</item>
/// </list>
/// </summary>
internal static class LayerCacheKeys
{
    /// <summary>Key of the network input: its shape and values.</summary>
    public static UInt128 Input(TensorShape shape, float[] values)
    {
        var sb = new StringBuilder("input|v1|").Append(shape).Append('|');
        sb.Append(Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan()))));
        return Hash(sb);
    }

    /// <summary>Activation key of a digital layer.</summary>
    public static UInt128 Digital(Layer l, IReadOnlyList<UInt128> sourceKeys)
    {
        var sb = Common("digital|v1", l, sourceKeys);
        return Hash(sb);
    }

    /// <summary>Activation key of a crossbar layer.</summary>
    public static UInt128 CrossbarActivations(Layer l, IReadOnlyList<UInt128> sourceKeys, int weightBits, int inputBits,
        MappingTarget chip, CompileOptions options)
    {
        var sb = Common("crossbar|v1", l, sourceKeys);
        sb.Append("|index=").Append(l.Index).Append("|wbits=").Append(weightBits).Append("|ibits=").Append(inputBits)
          .Append("|weights=").Append(WeightSourceId(l, options))
          .Append("|geometry=").Append(chip.CrossbarRows).Append('x').Append(chip.CrossbarColumns)
          .Append(",cell=").Append(chip.BitsPerCell).Append(",signed=").Append(chip.SignedWeights)
          .Append(",dac=").Append(chip.DacBits);
        return Hash(sb);
    }

    /// <summary>Key of a crossbar layer's seeded random weights, quantized: what <see cref="WeightSource"/> draws them from.</summary>
    public static UInt128 RandomWeights(Layer l, int weightBits, ulong seed) =>
        Hash(new StringBuilder("random-weights|v1|index=").Append(l.Index).Append("|rows=").Append(l.MatrixRowsPerGroup)
            .Append("|outputs=").Append(l.Output.Channels).Append("|wbits=").Append(weightBits).Append("|seed=").Append(seed));

    /// <summary>Key of the bit planes of the weights under <paramref name="weightsKey"/> as <paramref name="g"/> lays them out:
    /// every field of the geometry that <see cref="WeightPlanes.Build"/> reads.</summary>
    internal static UInt128 Planes(UInt128 weightsKey, CrossbarGeometry g) =>
        Hash(new StringBuilder("planes|v1|w=").Append(Hex(weightsKey))
            .Append("|enc=").Append(g.Encoding.WeightBits).Append(',').Append(g.CellBits).Append(',').Append(g.Polarity)
            .Append("|rows=").Append(g.Rows).Append("|outputs=").Append(g.Outputs).Append("|k=").Append(g.KernelArea)
            .Append("|diagonal=").Append(g.Diagonal ? g.DiagonalChannels : 0).Append("|words=").Append(g.WordsPerBlock)
            .Append("|rowcount=").AppendJoin(',', g.RowCount).Append("|colstart=").AppendJoin(',', g.ColStart)
            .Append("|colcount=").AppendJoin(',', g.ColCount).Append("|blocks=").AppendJoin(',', g.BlockStart)
            .Append('/').AppendJoin(',', g.BlockEnd));

    /// <summary>Readout key of a crossbar layer with activation key <paramref name="activationKey"/>.</summary>
    public static UInt128 Readout(UInt128 activationKey, MappingTarget layerTarget, CrossbarMapping m)
    {
        var t = layerTarget;
        var sb = new StringBuilder("readout|v2|act=").Append(Hex(activationKey))
            .Append("|chip=").Append(t.CrossbarRows).Append(',').Append(t.CrossbarColumns).Append(',').Append(t.BitsPerCell)
            .Append(',').Append(t.SignedWeights).Append(',').Append(t.CrossbarsPerPe).Append(',').Append(t.PesPerTile)
            .Append(',').Append(t.DacBits).Append(',').Append(t.Readout).Append(',').Append(t.AdcBits)
            .Append(',').Append(t.ScaleFactorBits).Append(',').Append(t.AdcRange)
            .Append("|map=").Append(m.MatrixRows).Append(',').Append(m.MatrixColumns).Append(',').Append(m.WeightSlices)
            .Append(',').Append(m.ColumnsPerWeight).Append(',').Append(m.RowBlocks).Append(',').Append(m.ColumnBlocks)
            .Append(',').Append(m.Replicas).Append(',').Append(m.InputSlices).Append(',').Append(m.InputVectors)
            .Append(',').Append(m.TileCount).Append(',').Append(m.DiagonalChannels)
            .Append("|rows=").AppendJoin(',', m.RowsInBlock)
            .Append("|cols=").AppendJoin(',', m.ColumnsInBlock)
            .Append("|readcols=").AppendJoin(',', m.ReadoutColumnsInBlock ?? []).Append(m.ReadoutColumnsInBlock is null ? "null" : "");
        return Hash(sb);
    }

    private static StringBuilder Common(string kind, Layer l, IReadOnlyList<UInt128> sourceKeys)
    {
        var sb = new StringBuilder(kind);
        sb.Append("|op=").Append(l.Op).Append("|in=").Append(l.Input).Append("|out=").Append(l.Output)
          .Append("|k=").Append(l.KernelSize).Append("|s=").Append(l.Stride).Append("|p=").Append(l.Padding)
          .Append("|relu=").Append(l.Relu ? '1' : '0').Append("|src=");
        for (int i = 0; i < sourceKeys.Count; i++) sb.Append(i == 0 ? "" : ",").Append(Hex(sourceKeys[i]));
        return sb;
    }

    /// <summary>"random" for seeded weights (the seed names them), or the SHA-256 of the layer's weight file.</summary>
    private static string WeightSourceId(Layer l, CompileOptions options)
    {
        if (options.Model is { } model && model.Layers.TryGetValue(l.Name, out var p))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            if (p.StoredInt8 is { } stored) hash.AppendData(stored.Int8Bytes.Span); // the integers as stored: not widened for a key
            else hash.AppendData(MemoryMarshal.AsBytes(p.Weights.AsSpan()));
            hash.AppendData(MemoryMarshal.AsBytes((p.Bias ?? []).AsSpan()));
            return (p.StoredInt8 is null ? "model:" : "model-int8:") + Convert.ToHexString(hash.GetHashAndReset());
        }
        if (options.WeightsDirectory is { } dir)
        {
            // The weights and everything folded into them or added after the readout (bias, batch norm, model.yaml).
            var sb = new StringBuilder("file:");
            foreach (string suffix in new[] { "", ".bias", ".bn_weight", ".bn_bias", ".bn_mean", ".bn_var" })
            {
                string path = Path.Combine(dir, l.Name + suffix + ".npy");
                if (InputFiles.IsPresent(path)) sb.Append(suffix).Append('=').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
            }
            string yaml = Path.Combine(dir, "model.yaml");
            if (InputFiles.IsPresent(yaml)) sb.Append("model=").Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(yaml))));
            return sb.ToString();
        }
        return "random:" + options.Seed.ToString(CultureInfo.InvariantCulture);
    }

    private static string Hex(UInt128 key) => key.ToString("x32", CultureInfo.InvariantCulture);

    private static UInt128 Hash(StringBuilder canonical)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
