using CimSim.Workloads.Tracing;

namespace CimSim.Workloads.Compilation;

/// <summary>What the partial-sum engine measured for a crossbar layer, as its trace records it.</summary>
internal sealed record CachedReadout(LayerCounts Counts, double SqnrDb, ushort[][]? NonZeroPerRead, long[] ReadoutsByDrivenRows)
{
    /// <summary>Estimated payload size in bytes.</summary>
    public long EstimatedBytes => 64 + 8L * ReadoutsByDrivenRows.Length + (NonZeroPerRead?.Sum(r => 2L * r.Length + 24) ?? 0);
}
