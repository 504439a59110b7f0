using CimSim.Kernel;

namespace CimSim.Cli.Bench;

/// <summary>
/// The event-kernel benchmark B1 of shared/BENCHMARKS.md: N nodes in a ring, T tokens starting at nodes
/// ⌊t·N/T⌋ at 1 ns; the k-th activation overall (k from 1), at node i, schedules node (i+1) mod N at
/// now + (1 + (k + i) mod 4) ns; stop after E activations. Each node is its own handler, as each is its own
/// SC_METHOD in the SystemC anchor; several pending activations of one node are allowed.
/// </summary>
public sealed class RingBenchmark
{
    private const long NsPs = 1000;

    private sealed class Node(RingBenchmark ring, int id, int nextHandler) : IEventHandler
    {
        public void Handle(Simulation sim, in Event e)
        {
            long k = ++ring.Activations;
            if (k >= ring._limit) { sim.Stop(); return; }
            sim.ScheduleIn((1 + (k + id) % 4) * NsPs, nextHandler);
        }
    }

    private readonly long _limit;
    private readonly Simulation _sim = new();

    /// <summary>Activations handled so far.</summary>
    public long Activations { get; private set; }
    /// <summary>Simulated time reached, ps.</summary>
    public long NowPs => _sim.NowPs;

    public RingBenchmark(int nodes, int tokens, long events)
    {
        if (nodes <= 0) throw new ArgumentOutOfRangeException(nameof(nodes));
        if (tokens <= 0) throw new ArgumentOutOfRangeException(nameof(tokens));
        if (events <= 0) throw new ArgumentOutOfRangeException(nameof(events));
        _limit = events;
        // Handler ids are assigned 0..N-1 in registration order, so node i's successor is (i+1) mod N.
        for (int i = 0; i < nodes; i++) _sim.Register(new Node(this, i, (i + 1) % nodes));
        for (long t = 0; t < tokens; t++) _sim.Schedule(NsPs, (int)(t * nodes / tokens));
    }

    /// <summary>Runs to the event limit (or until no event is left); returns activations handled.</summary>
    public long Run()
    {
        _sim.Run();
        return Activations;
    }
}
