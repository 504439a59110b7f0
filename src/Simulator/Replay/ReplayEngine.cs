using CimSim.Kernel;
using CimSim.Workloads.Tracing;
using CimSim.Workloads.Networks;

namespace CimSim.Simulator.Replay;

/// <summary>
/// Replays a compiled network on a chip with the event kernel: per output vector, an event when its inputs
/// are all present, one when its crossbar reads are done, and one when it reaches each consuming layer.
/// Shared tile and mesh resources are taken in event (time) order, so contention between layers running
/// at the same time is simulated.
/// </summary>
public sealed class ReplayEngine : IEventHandler
{
    private const int KindComputed = 0, KindDelivered = 1;
    private const int VectorBits = 40, SlotBits = 8;
    /// <summary>Priority of vector-level events; crossbar-pipeline events (detailed mode) use a lower value and so
    /// run first at any instant.</summary>
    internal const int VectorPriority = 0, PipelinePriority = -1;
    // Ordering key of a vector-level event: layer (10 bits), kind (1), slot (6), vector (30) = 47 bits.
    private const int KeyVectorBits = 30, KeySlotBits = 6, KeyKindBits = 1, MaxLayers = 1024;

    private readonly Simulation _sim = new();
    private readonly int _self;
    private readonly LayerRunner[] _layers;
    private readonly ChipResources _chip;

    private ReplayEngine(NetworkTrace trace, ChipTiming timing, ReplayOptions options)
    {
        _self = _sim.Register(this);
        if (timing.Serial.Count > 0 && options.Schedule != LayerSchedule.LayerByLayer)
            throw new InputException("the chip's dataflow (hierarchy.dataflow: neurosim) runs one layer at a time; it cannot be replayed pipelined");
        var chip = _chip = new ChipResources(timing, trace.Layers);
        var layers = trace.Layers;
        if (layers.Count > MaxLayers) throw new InputException($"the trace has {layers.Count} layers; the replay handles up to {MaxLayers}");
        _layers = new LayerRunner[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            if (l.Index != i) throw new InputException($"trace layer '{l.Name}' has index {l.Index}, expected {i}");
            var sources = new List<int>(l.Sources);
            foreach (var s in sources)
                if (s < -1 || s >= i) throw new InputException($"trace layer '{l.Name}' reads layer {s}, which does not come before it");
            if (options.Schedule == LayerSchedule.LayerByLayer && i > 0 && !sources.Contains(i - 1)) sources.Add(i - 1);
            var needsAll = sources.Select(s => options.Schedule == LayerSchedule.LayerByLayer || NeedsWholeInput(l, s, layers)).ToArray();
            _layers[i] = new LayerRunner(this, chip, l, sources.ToArray(), needsAll, options.Detailed, _sim);
            for (int slot = 0; slot < sources.Count; slot++)
            {
                if (sources[slot] < 0) _layers[i].InputPresent(slot, (long)l.Input.Height * l.Input.Width);
                else _layers[sources[slot]].Consumers.Add((_layers[i], slot));
            }
            _layers[i].PlaceAfter(l.Sources.Length > 0 && l.Sources[0] >= 0 ? _layers[l.Sources[0]] : null);
        }
    }

    /// <summary>
    /// Whether an output vector of <paramref name="l"/> needs all of source <paramref name="s"/>: true for fully
    /// connected and global pooling layers, and whenever the source's output is not the spatial map this layer reads.
    /// </summary>
    private static bool NeedsWholeInput(LayerTrace l, int s, IReadOnlyList<LayerTrace> layers)
    {
        if (l.Op is LayerOp.FullyConnected or LayerOp.GlobalAvgPool) return true;
        var src = s < 0 ? l.Input : layers[s].Output;
        if (l.Op == LayerOp.ResidualAdd)
            return src.Height % l.Output.Height != 0 || src.Width % l.Output.Width != 0;
        return src.Height != l.Input.Height || src.Width != l.Input.Width;
    }

    /// <summary>Replays <paramref name="trace"/> on a chip with the given timing.</summary>
    public static ReplayResult Run(NetworkTrace trace, ChipTiming timing, ReplayOptions options)
    {
        var engine = new ReplayEngine(trace, timing, options);
        foreach (var layer in engine._layers) layer.Issue(engine._sim);
        engine._sim.Run();
        foreach (var layer in engine._layers)
            if (layer.Result.Vectors != layer.Vectors)
                throw new InvalidOperationException($"replay ended with layer '{layer.Trace.Name}' at {layer.Result.Vectors} of {layer.Vectors} vectors");
        return new ReplayResult
        {
            Layers = engine._layers.Select(l => l.Result).ToArray(),
            TotalPs = engine._layers.Max(l => l.Result.EndPs),
            EventsProcessed = engine._sim.EventsProcessed,
            BusyTimes = new DeferredList<ResourceBusy>(engine._chip.BusyTimes),
        };
    }

    internal LayerRunner Layer(int index) => _layers[index];

    // Vector-level events are ordered at equal times by (layer, kind, slot, vector), not by when they were
    // scheduled: the fast and detailed modes schedule a vector's completion at different moments, and must
    // still fire equal-time events in the same order to give identical results.
    internal void ScheduleComputed(LayerRunner layer, long vector, long timePs) =>
        _sim.ScheduleKeyed(timePs, _self, KindComputed, ((long)layer.Trace.Index << VectorBits) | vector, VectorPriority,
            Key(layer.Trace.Index, KindComputed, 0, vector));

    internal void ScheduleDelivered(LayerRunner consumer, int slot, long vector, long timePs) =>
        _sim.ScheduleKeyed(timePs, _self, KindDelivered,
            ((long)consumer.Trace.Index << (VectorBits + SlotBits)) | ((long)slot << VectorBits) | vector, VectorPriority,
            Key(consumer.Trace.Index, KindDelivered, slot, vector));

    private static long Key(int layer, int kind, int slot, long vector)
    {
        if (vector >= 1L << KeyVectorBits || slot >= 1 << KeySlotBits)
            throw new InputException($"layer {layer}: {vector + 1} output vectors or {slot + 1} inputs exceed what the replay orders ({1L << KeyVectorBits}, {1 << KeySlotBits})");
        return ((((long)layer << KeyKindBits | (long)kind) << KeySlotBits | (long)slot) << KeyVectorBits) | vector;
    }

    /// <inheritdoc />
    public void Handle(Simulation sim, in Event e)
    {
        long vector = e.Arg & ((1L << VectorBits) - 1);
        if (e.Kind == KindComputed)
            _layers[e.Arg >> VectorBits].Computed(sim, vector);
        else
            _layers[e.Arg >> (VectorBits + SlotBits)].Delivered(sim, (int)((e.Arg >> VectorBits) & ((1 << SlotBits) - 1)), vector);
    }
}
