using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CimSim.Cli.Bench;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Workloads.Compilation;

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
            var (done, s, cpu) = Timed(model.Run);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ring nodes={n} tokens={t} events={done} seconds={s:F3} events_per_s={done / s:F0} cpu_seconds={cpu:F3}"));
            return 0;
        });
        bench.Subcommands.Add(ring);
        bench.Subcommands.Add(Evaluations(stdout));
        return bench;
    }

    /// <summary>
    /// Runs <paramref name="work"/> and returns its result, wall seconds and the process's CPU seconds over the same span.
    /// Wall time is a benchmark's figure; CPU time is printed after it (on a shared machine a process may get only part
    /// of a core, and CPU time shows what it used).
    /// </summary>
    private static (long Result, double Seconds, double CpuSeconds) Timed(Func<long> work)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        long result = work();
        double seconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, seconds, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }

    /// <summary>Most designs of <c>bench evaluations</c>: about 15 minutes at a full-width VGG16's ≈ 0.1 s each.</summary>
    public const int MaxDesigns = 10_000;
    /// <summary>Seed of <c>bench evaluations</c>' drawn designs: the same designs in every run, so builds compare.</summary>
    private const int DrawSeed = 1;

    /// <summary>
    /// <c>cimsim bench evaluations</c> (B3): full evaluations — compile and replay, as a search worker makes them: one
    /// compile thread, one layer cache — of random phase-2 designs of a space's base network (each searched layer's
    /// ADC and input bits drawn from its knobs, its structure the phase-1 default; the same draws in every run). Nearly
    /// every design changes an early layer's input bits, so nearly every layer is compiled again: the evolutionary
    /// phase 2's worst case, on one core.
    /// </summary>
    private static Command Evaluations(TextWriter stdout)
    {
        var space = new Option<FileInfo>("--space") { Description = "Search space file (architectures/search/).", Required = true };
        var designs = new Option<int>("--designs") { Description = $"Designs to time (1 to {MaxDesigns:N0}).", DefaultValueFactory = _ => 40 }.Range(1, MaxDesigns);
        var command = new Command("evaluations", "Co-search benchmark B3: full evaluations of random phase-2 designs, one worker.") { space, designs };
        command.SetAction(r =>
        {
            var s = SearchSpaceLoader.LoadFile(r.GetValue(space)!.FullName);
            int n = r.GetValue(designs);
            var random = new Random(DrawSeed);
            var variants = s.Layers.Select(l => l.Knobs.Phase2Variants(s.Phase1Default(l))).ToArray();
            Design Draw() => new(s.LayerNames, variants.Select(v => v[random.Next(v.Count)]).ToArray());
            var evaluator = new DesignEvaluator(s, compileThreads: 1, new LayerCache());
            // Untimed: the baseline and two designs, so the JIT has compiled the hot paths and the cache holds the weights.
            evaluator.EvaluateBaseline();
            for (int i = 0; i < 2; i++) evaluator.Evaluate(Draw(), "warm-up");
            var (_, seconds, cpu) = Timed(() => { for (int i = 0; i < n; i++) evaluator.Evaluate(Draw(), "bench"); return n; });
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"evaluations space={s.Name} designs={n} seconds={seconds:F3} designs_per_s={n / seconds:F1} ms_per_design={1000 * seconds / n:F1} cpu_seconds={cpu:F3}"));
            return 0;
        });
        return command;
    }
}
