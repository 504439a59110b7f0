using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CimSim.Cli.Bench;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim bench …</c>: benchmarks that print one parseable line each (shared/BENCHMARKS.md).</summary>
public static class BenchCommand
{
    private const long WarmUpEvents = 10_000_000;
    /// <summary>Most ring nodes: each is an event handler object (≈ 100 MB at the limit).</summary>
    public const int MaxNodes = 1_000_000;
    /// <summary>Most tokens: each is a pending event from the start.</summary>
    public const int MaxTokens = 1_000_000;
    /// <summary>Most activations: about four minutes at the kernel's measured 40 M events/s (docs/PERFORMANCE.md).</summary>
    public const long MaxEvents = 10_000_000_000;

    public static Command Create(TextWriter stdout)
    {
        var bench = new Command("bench", "Run a benchmark and print one parseable result line.");
        var nodes = new Option<int>("--nodes") { Description = $"Nodes in the ring (1 to {MaxNodes:N0}).", DefaultValueFactory = _ => 1000 }.Range(1, MaxNodes);
        var tokens = new Option<int>("--tokens") { Description = $"Tokens circulating (1 to {MaxTokens:N0}).", DefaultValueFactory = _ => 64 }.Range(1, MaxTokens);
        var events = new Option<long>("--events") { Description = $"Activations to simulate (1 to {MaxEvents:N0}).", DefaultValueFactory = _ => 10_000_000 }.Range(1, MaxEvents);
        var cold = new Option<bool>("--cold") { Description = "Skip the untimed JIT warm-up run." };
        var ring = new Command("ring", "Event-kernel benchmark B1: tokens passed around a ring of nodes.") { nodes, tokens, events, cold };
        ring.SetAction(r =>
        {
            int n = r.GetValue(nodes), t = r.GetValue(tokens);
            long e = r.GetValue(events);
            // Warm-up: a short run of the same model first, untimed, so the JIT has compiled the kernel's hot
            // paths at full optimisation (SystemC's anchor is compiled ahead of time, also untimed).
            if (!r.GetValue(cold)) new RingBenchmark(n, t, Math.Min(e, WarmUpEvents)).Run();
            var model = new RingBenchmark(n, t, e);
            // Wall time is the benchmark's figure; the process's CPU time over the same span is printed after it
            // (on a shared machine a process may get only part of a core, and CPU time shows what it used).
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            long done = model.Run();
            double s = sw.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ring nodes={n} tokens={t} events={done} seconds={s:F3} events_per_s={done / s:F0} cpu_seconds={cpu:F3}"));
            return 0;
        });
        bench.Subcommands.Add(ring);
        return bench;
    }
}
