namespace CimSim.Search;

/// <summary>A progress report of a running search (the CLI prints it as one line on stderr).</summary>
/// <param name="Stage">What is running, e.g. <c>phase 1 lagrangian-dp</c>.</param>
/// <param name="Done">Designs finished (simulated or read back).</param>
/// <param name="Total">Designs the search plans to evaluate in all.</param>
/// <param name="Simulated">Designs simulated by this run.</param>
/// <param name="BestObjective">Objective of the best feasible design so far, or null.</param>
/// <param name="BestKey">Its key, or null.</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="Eta">Estimated time to the end, or null before the first simulation.</param>
public sealed record SearchProgress(string Stage, int Done, int Total, int Simulated, double? BestObjective, string? BestKey, TimeSpan Elapsed, TimeSpan? Eta);
