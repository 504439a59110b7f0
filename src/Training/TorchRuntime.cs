using System.Runtime.InteropServices;
using TorchSharp;

namespace CimSim.Training;

/// <summary>
/// One place that configures libtorch for a training: intra-op threads (1 by default; on a shared 2-core machine
/// OpenMP threads wait on each other when one is descheduled, ECOSYSTEM-PROBES §1) and the seed.
/// <para><b>Temporaries.</b> TorchSharp hands libtorch the native handle of each operand and keeps no reference to the
/// operand during the call, so a temporary tensor nobody holds (<c>a.detach().abs()</c>'s <c>a.detach()</c>, a forward's
/// input passed on) can be finalized by the GC's finalizer thread while libtorch still reads it: a use-after-free,
/// which a search hit once as a SIGSEGV in <c>libtorch_cpu.so</c> and a test that forces collections beside two trainings
/// hit at once. So every computation in CimSim.Training runs inside a <c>NewDisposeScope</c> (which references each
/// tensor made in it until the scope ends) or holds its inputs with <c>using</c>; what must outlive a scope (parameters,
/// α, fixed codes) is detached from it. TorchSharp's <c>Scalar</c>s (made from numbers inside operators) join no scope and
/// keep a far smaller window of the same kind (docs/TRAINING.md).</para>
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Generator = new();

    /// <summary>
    /// Sets libtorch's intra-op thread count for the calling thread (OpenMP's and MKL's counts are per thread), seeds
    /// libtorch's generator and runs <paramref name="build"/> — which draws the model's random parameters — under one
    /// lock. The generator is process-wide; it is drawn from only while a model is built, so trainings running at once
    /// on different threads each get the parameters their own seed gives, as if each ran alone.
    /// </summary>
    public static T Configure<T>(int threads, long seed, Func<T> build)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        lock (Generator)
        {
            torch.set_num_threads(threads);
            torch.manual_seed(seed);
            torch.set_default_dtype(torch.float32);
            KeepFreedMemory();
            return build();
        }
    }

    /// <summary>As <see cref="Configure{T}"/>, for a caller that builds its models itself on one thread (tests, probes).</summary>
    public static void Configure(int threads, long seed) => Configure(threads, seed, () => true);

    private static bool _kept;

    /// <summary>
    /// libtorch allocates its CPU tensors with glibc's malloc, which hands every block above its mmap threshold (≤ 32 MB)
    /// back to the kernel when freed, so each training step faults its large tensors in again, page by page. Measured
    /// here (docs/TRAINING.md): a permuted copy of a 154 MB PSQ partial-sum tensor took 0.64 s this way and 0.016 s
    /// from reused memory. So large blocks come from the heap (M_MMAP_MAX = 0) and freed memory stays in the process
    /// (M_TRIM_THRESHOLD high): the peak is held until the process ends, which a training process needs again at its
    /// next step anyway. Linux with glibc only; elsewhere nothing changes.
    /// </summary>
    private static void KeepFreedMemory()
    {
        if (_kept || !OperatingSystem.IsLinux()) return;
        _kept = true;
        try
        {
            Mallopt(MmapMax, 0);
            Mallopt(TrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private const int TrimThreshold = -1, MmapMax = -4; // glibc malloc.h: M_TRIM_THRESHOLD, M_MMAP_MAX

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
