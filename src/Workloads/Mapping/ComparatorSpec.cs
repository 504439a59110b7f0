namespace CimSim.Workloads.Mapping;

/// <summary>
/// The latch comparators of a readout (YAML <c>readout.sense_time_ns</c>, <c>readout.comparator_energy_fj</c>): the
/// flash ADC's and the HCiM comparator bank's common core. Part of the one readout record, <see cref="ReadoutSpec"/>.
/// </summary>
/// <param name="SenseTimeNs">One comparator or flash decision, ns.</param>
/// <param name="EnergyFj">Switching energy of one latch comparator, fJ; null = the cost model's default for the node.</param>
public sealed record ComparatorSpec(double SenseTimeNs = ComparatorSpec.DefaultSenseTimeNs, double? EnergyFj = null)
{
    /// <summary>Default sense time, ns. Source: NeuroSim voltage-mode MLSA, 1 ns per conversion (REFERENCE §2).</summary>
    public const double DefaultSenseTimeNs = 1.0;

    /// <summary>The defaults.</summary>
    public static ComparatorSpec Default { get; } = new();

    /// <summary>Every rule broken: (field below <paramref name="prefix"/>, reason).</summary>
    public IEnumerable<(string Field, string Reason)> Problems(string prefix)
    {
        if (!(SenseTimeNs > 0)) yield return ($"{prefix}.sense_time_ns", $"must be positive, got {SenseTimeNs}");
        if (EnergyFj is < 0) yield return ($"{prefix}.comparator_energy_fj", $"must not be negative, got {EnergyFj}");
    }
}
