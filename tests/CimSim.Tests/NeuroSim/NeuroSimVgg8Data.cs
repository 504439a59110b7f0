using System.Text.Json;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Numpy;

namespace CimSim.Tests.NeuroSim;

/// <summary>
/// The pack's VGG8 workload as NeuroSim V1.4 reads it (tests/data/neurosim-vgg8: the layers' 8-bit inputs and
/// NeuroSim's figures in <c>reference.json</c>, copied from shared/neurosim/vgg8 with their source), and an
/// independent count of the rows each crossbar read drives, in NeuroSim's row blocking.
/// </summary>
internal static class NeuroSimVgg8Data
{
    public static string Dir => Path.Combine(RepoFiles.Root, "tests", "data", "neurosim-vgg8");

    /// <summary>name, kernel, C_out. A subarray's rows are 128 consecutive rows of the weight file in every layer:
    /// NeuroSim's novel mapping (<c>Chip.cpp</c> <c>ReshapeInput</c>) gives PE k of a tile the rows k·C + i of the
    /// file, i &lt; C / tiles, i.e. consecutive blocks, and its PEs split them into 128-row subarrays.</summary>
    public static readonly (string Name, int Kernel, int Cout)[] Layers =
    [
        ("conv1", 3, 128), ("conv2", 3, 128), ("conv3", 3, 256), ("conv4", 3, 256),
        ("conv5", 3, 512), ("conv6", 3, 512), ("fc1", 1, 1024), ("fc2", 1, 10),
    ];

    public static JsonElement Reference { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "reference.json"))).RootElement;

    public static JsonElement Layer(string name) =>
        Reference.GetProperty("layers").EnumerateArray().First(l => l.GetProperty("name").GetString() == name);

    /// <summary>Histogram of active rows per read (index = rows driven, 0..128) of one layer, and the columns each
    /// read senses (8 × C_out over all column blocks of one row block).</summary>
    public static (long[] Histogram, int Columns) ActiveRowHistogram(string name)
    {
        var (_, k, cout) = Layers.First(l => l.Name == name);
        var x = NpyReader.ReadFile(Path.Combine(Dir, "layer_inputs", name + ".npy"));
        var hist = new long[129];
        if (name.StartsWith("fc", StringComparison.Ordinal))
        {
            var v = x.Values.Select(f => (int)f).ToArray();
            AddBlocks(hist, v, Enumerable.Range(0, v.Length).ToArray());
            return (hist, 8 * cout);
        }
        int c = x.Shape[0], h = x.Shape[1], w = x.Shape[2];
        for (int oy = 0; oy < h; oy++)
            for (int ox = 0; ox < w; ox++)
            {
                // Padded im2col column of output (oy, ox), rows in (c, ky, kx) order.
                var col = new int[c * k * k];
                for (int ci = 0; ci < c; ci++)
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy + ky - 1, ix = ox + kx - 1;
                            col[(ci * k + ky) * k + kx] = iy < 0 || ix < 0 || iy >= h || ix >= w ? 0 : (int)x.Values[(ci * h + iy) * w + ix];
                        }
                AddBlocks(hist, col, Enumerable.Range(0, col.Length).ToArray());
            }
        return (hist, 8 * cout);
    }

    /// <summary>Adds the reads of one input vector over the rows <paramref name="rows"/> (in subarray order),
    /// blocked by 128: for each of the 8 bit planes, the number of rows with the bit set.</summary>
    private static void AddBlocks(long[] hist, int[] vector, int[] rows)
    {
        for (int start = 0; start < rows.Length; start += 128)
        {
            int end = Math.Min(rows.Length, start + 128);
            for (int b = 0; b < 8; b++)
            {
                int a = 0;
                for (int r = start; r < end; r++) a += (vector[rows[r]] >> b) & 1;
                hist[a]++;
            }
        }
    }
}
