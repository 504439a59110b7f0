using CimSim.Kernel;

namespace CimSim.Simulator.Replay;

/// <summary>
/// Detailed mode: the crossbar pipelines of one layer simulated event by event — an event when a vector's
/// input slices reach a crossbar and one each time a read finishes a stage. It follows the blocking rule
/// stated in <see cref="FlowShop"/>, which the fast mode evaluates in closed form; both must agree.
/// </summary>
internal sealed class DetailedCrossbarPipelines : IEventHandler
{
    private const int KindArrive = 0, KindFinish = 1;
    private const int VectorBits = 40;

    private readonly LayerRunner _layer;
    private readonly int _self;
    private readonly Queue<(long Vector, int Slice)>[] _waiting;
    private readonly (long Vector, int Slice)[] _item; // [x * Stages + stage]
    private readonly bool[] _occupied, _finished;
    private readonly int[] _remaining;

    public DetailedCrossbarPipelines(Simulation sim, LayerRunner layer, int crossbars, long vectors)
    {
        _layer = layer;
        _self = sim.Register(this);
        _waiting = new Queue<(long, int)>[crossbars];
        for (int x = 0; x < crossbars; x++) _waiting[x] = new Queue<(long, int)>();
        _item = new (long, int)[crossbars * FlowShop.Stages];
        _occupied = new bool[_item.Length];
        _finished = new bool[_item.Length];
        _remaining = new int[checked((int)vectors)];
    }

    /// <summary>The input slices of <paramref name="vector"/> crossbar <paramref name="x"/> reads (all of them, or its copy's
    /// share, <see cref="LayerRunner.SliceShare"/>) reach it at <paramref name="timePs"/>; <paramref name="crossbarsInReplica"/>
    /// crossbars read each slice once.</summary>
    public void Arrive(Simulation sim, int x, long vector, long timePs, int crossbarsInReplica)
    {
        if (_remaining[vector] == 0) _remaining[vector] = crossbarsInReplica * _layer.Slices;
        sim.Schedule(timePs, _self, KindArrive, ((long)x << VectorBits) | vector, ReplayEngine.PipelinePriority);
    }

    public void Handle(Simulation sim, in Event e)
    {
        int x;
        if (e.Kind == KindArrive)
        {
            x = (int)(e.Arg >> VectorBits);
            long v = e.Arg & ((1L << VectorBits) - 1);
            var (first, step) = _layer.SliceShare(x, v);
            for (int s = first; s < _layer.Slices; s += step) _waiting[x].Enqueue((v, s));
        }
        else
        {
            x = (int)(e.Arg / FlowShop.Stages);
            _finished[e.Arg] = true;
        }
        Advance(sim, x);
    }

    private void Advance(Simulation sim, int x)
    {
        int b = x * FlowShop.Stages;
        for (int i = FlowShop.Stages - 1; i >= 0; i--)
        {
            if (!_occupied[b + i] || !_finished[b + i]) continue;
            var it = _item[b + i];
            if (i == FlowShop.Stages - 1)
            {
                _occupied[b + i] = false;
                if (--_remaining[it.Vector] == 0) _layer.CrossbarsDone(sim, it.Vector, sim.NowPs);
            }
            else if (!_occupied[b + i + 1])
            {
                _occupied[b + i] = false;
                Start(sim, x, i + 1, it);
            }
        }
        if (!_occupied[b] && _waiting[x].Count > 0) Start(sim, x, 0, _waiting[x].Dequeue());
    }

    private void Start(Simulation sim, int x, int stage, (long Vector, int Slice) it)
    {
        int k = x * FlowShop.Stages + stage;
        _item[k] = it;
        _occupied[k] = true;
        _finished[k] = false;
        sim.ScheduleIn(_layer.StagePs(x, stage, it.Vector, it.Slice), _self, KindFinish, k, ReplayEngine.PipelinePriority);
    }
}
