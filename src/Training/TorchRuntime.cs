using TorchSharp;

namespace CimSim.Training;

/// <summary>
/// One place that configures libtorch for a training process: intra-op threads (1 by default; on a shared
/// 2-core machine OpenMP threads wait on each other when one is descheduled, ECOSYSTEM-PROBES §1) and the seed.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Sets libtorch's intra- and inter-op thread counts and seeds its generator.</summary>
    public static void Configure(int threads, long seed)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        torch.set_num_threads(threads);
        torch.manual_seed(seed);
        torch.set_default_dtype(torch.float32);
    }
}
