using System.Globalization;
using System.Text;
using CimSim.Search.Accuracy;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Randomness;

namespace CimSim.Tests.Search;

/// <summary>
/// A trainer for tests: no training, seeded random weights (Kaiming-uniform-like, fixed per layer and budget seed)
/// written as a model directory (model.yaml + float32 .npy), then loaded as the search loads real ones. Counts its calls.
/// </summary>
internal sealed class FakeTrainer : INetworkTrainer
{
    private int _calls;
    public string Name => "fake/1";
    public int Calls => _calls;
    /// <summary>Networks (structure specs) whose training is cancelled (to test resume), or none.</summary>
    public Func<string, bool>? Cancels { get; init; }

    /// <summary>Networks (structure specs) whose training waits for <see cref="Release"/> (to hold a training running ahead), or none.</summary>
    public Func<string, bool>? Holds { get; init; }
    private readonly ManualResetEventSlim _released = new(false);
    /// <summary>Lets held trainings finish.</summary>
    public void Release() => _released.Set();

    public TrainedModel Train(TrainingRequest request, CancellationToken cancel)
    {
        if (Holds?.Invoke(request.NetworkSpec) == true) _released.Wait(cancel);
        cancel.ThrowIfCancellationRequested();
        if (Cancels?.Invoke(request.NetworkSpec) == true) throw new OperationCanceledException();
        Interlocked.Increment(ref _calls);
        Directory.CreateDirectory(request.Directory);
        foreach (var l in request.Network.Layers.Where(l => l.IsCrossbar))
        {
            var rng = Xoshiro256StarStar.ForStream((ulong)request.Budget.Seed, (ulong)l.Index);
            int rows = l.MatrixRowsPerGroup, n = rows * l.Output.Channels;
            var w = new float[n];
            double bound = Math.Sqrt(6.0 / rows);
            for (int i = 0; i < n; i++) w[i] = (float)((2 * rng.NextDouble() - 1) * bound);
            int[] shape = l.Op == CimSim.Workloads.Networks.LayerOp.Conv ? [l.Output.Channels, l.Input.Channels, l.KernelSize, l.KernelSize] : [l.Output.Channels, rows];
            WriteNpy(Path.Combine(request.Directory, l.Name + ".npy"), w, shape);
        }
        File.WriteAllText(Path.Combine(request.Directory, "model.yaml"), string.Create(CultureInfo.InvariantCulture,
            $"format: 1\nnetwork: \"{request.NetworkSpec}\"\ndataset: {request.Network.Dataset}\nstage: float\nweight_bits: {request.Chip.WeightBits}\n"));
        return TrainedModel.Load(request.Directory);
    }

    /// <summary>Writes a float32 C-order .npy (format 1.0).</summary>
    public static void WriteNpy(string path, float[] values, int[] shape)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        f.Write(BitConverter.GetBytes((ushort)header.Length));
        f.Write(Encoding.ASCII.GetBytes(header));
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        f.Write(bytes);
    }
}
