using CimSim.Kernel;
using NUnit.Framework;

namespace CimSim.Tests.Kernel;

public class SimulationTests
{
    /// <summary>Records (time, kind, arg) of every event it handles.</summary>
    private sealed class Recorder : IEventHandler
    {
        public readonly List<(long Time, int Kind, long Arg)> Seen = new();
        public void Handle(Simulation sim, in Event e) => Seen.Add((sim.NowPs, e.Kind, e.Arg));
    }

    [Test]
    public void FiresByTimeThenPriorityThenSchedulingOrder()
    {
        var sim = new Simulation();
        var r = new Recorder();
        int h = sim.Register(r);
        sim.Schedule(300, h, kind: 1);
        sim.Schedule(100, h, kind: 2, priority: 5);
        sim.Schedule(100, h, kind: 3, priority: -1);
        sim.Schedule(100, h, kind: 4, priority: 5);
        sim.Schedule(100, h, kind: 5, priority: -1);
        sim.Schedule(0, h, kind: 6, priority: 32767);
        sim.Run();
        Assert.That(r.Seen.Select(s => s.Kind), Is.EqualTo(new[] { 6, 3, 5, 2, 4, 1 }));
        Assert.That(r.Seen.Select(s => s.Time), Is.EqualTo(new long[] { 0, 100, 100, 100, 100, 300 }));
        Assert.That(sim.EventsProcessed, Is.EqualTo(6));
    }

    [Test]
    public void ManyEqualTimesKeepFifoOrderThroughTheHeap()
    {
        var sim = new Simulation();
        var r = new Recorder();
        int h = sim.Register(r);
        // Interleave two times so the heap reorders heavily; within one time the order must be scheduling order.
        for (int i = 0; i < 1000; i++) sim.Schedule(i % 2 == 0 ? 500 : 200, h, arg: i);
        sim.Run();
        var expected = Enumerable.Range(0, 1000).Where(i => i % 2 == 1).Concat(Enumerable.Range(0, 1000).Where(i => i % 2 == 0)).Select(i => (long)i);
        Assert.That(r.Seen.Select(s => s.Arg), Is.EqualTo(expected));
    }

    [Test]
    public void HeapPopsSortedOrderForRandomKeys()
    {
        var q = new EventQueue(slotShift: 3);
        var rng = new Random(12345);
        var keys = new List<(long T, long K)>();
        for (int i = 0; i < 5000; i++)
        {
            long t = rng.Next(0, 4) == 0 ? rng.Next(0, 200_000) : rng.Next(0, 100); // some beyond the wheel window
            long k = i; // sequence = insertion order
            keys.Add((t, k));
            q.Push(new Event(t, k, 0, 0, i));
        }
        var popped = new List<long>();
        while (q.Count > 0) popped.Add(q.Pop().Arg);
        var expected = keys.Select((x, i) => (x.T, x.K, i)).OrderBy(x => x.T).ThenBy(x => x.K).Select(x => (long)x.i);
        Assert.That(popped, Is.EqualTo(expected));
    }

    private sealed class Chain(int limit) : IEventHandler
    {
        public int Count;
        public void Handle(Simulation sim, in Event e)
        {
            Count++;
            if (Count < limit) sim.ScheduleIn(250, e.Handler, arg: e.Arg + 1);
        }
    }

    [Test]
    public void RunUntilStopsBeforeLaterEventsAndResumes()
    {
        var sim = new Simulation();
        var c = new Chain(10);
        int h = sim.Register(c);
        sim.Schedule(0, h);
        sim.Run(untilPs: 1000);
        Assert.That(c.Count, Is.EqualTo(5)); // events at 0, 250, 500, 750, 1000
        Assert.That(sim.NowPs, Is.EqualTo(1000));
        Assert.That(sim.Pending, Is.EqualTo(1));
        sim.Run();
        Assert.That(c.Count, Is.EqualTo(10));
        Assert.That(sim.NowPs, Is.EqualTo(2250));
    }

    [Test]
    public void SchedulingInThePastIsRejected()
    {
        var sim = new Simulation();
        var c = new Chain(3);
        int h = sim.Register(c);
        sim.Schedule(1000, h);
        sim.Run(maxEvents: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(999, h));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(2000, h + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(2000, h, priority: 40000));
    }

    [Test]
    public void KeyedEventsFireInKeyOrderWhateverTheSchedulingOrder()
    {
        var sim = new Simulation();
        var r = new Recorder();
        int h = sim.Register(r);
        sim.ScheduleKeyed(100, h, kind: 1, arg: 0, priority: 0, key: 30);
        sim.Schedule(100, h, kind: 2, priority: -1);           // lower priority value: first
        sim.ScheduleKeyed(100, h, kind: 3, arg: 0, priority: 0, key: 10);
        sim.ScheduleKeyed(50, h, kind: 4, arg: 0, priority: 0, key: 99);
        sim.ScheduleKeyed(100, h, kind: 5, arg: 0, priority: 0, key: 20);
        sim.Run();
        Assert.That(r.Seen.Select(s => s.Kind), Is.EqualTo(new[] { 4, 2, 3, 5, 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleKeyed(200, h, 0, 0, 0, 1L << 47));
    }

    [Test]
    public void EventExposesPriorityAndSequence()
    {
        var sim = new Simulation();
        Event seen = default;
        var grab = new Grab(e => seen = e);
        int h = sim.Register(grab);
        sim.Schedule(5, h, priority: -7);
        sim.Schedule(5, h, priority: 9);
        sim.Run(maxEvents: 1);
        Assert.That(seen.Priority, Is.EqualTo(-7));
        Assert.That(seen.Sequence, Is.EqualTo(0));
        sim.Run();
        Assert.That(seen.Priority, Is.EqualTo(9));
        Assert.That(seen.Sequence, Is.EqualTo(1));
    }

    private sealed class Grab(Action<Event> on) : IEventHandler
    {
        public void Handle(Simulation sim, in Event e) => on(e);
    }
}

public class EventQueueTests
{
    [Test]
    public void WheelPopsInTheSameOrderAsTheHeapAcrossWindowsAndWraps()
    {
        var rng = new Random(7);
        var wheel = new EventQueue(slotShift: 2);
        var heap = new EventHeap();
        long now = 0, seq = 0;
        var fromWheel = new List<long>();
        var fromHeap = new List<long>();
        // Interleave pushes (near, far, same-time) and pops, as a simulation does.
        for (int round = 0; round < 20_000; round++)
        {
            int pushes = rng.Next(0, 3);
            for (int p = 0; p < pushes; p++)
            {
                long dt = rng.Next(0, 10) switch { 0 => rng.Next(0, 1_000_000), 1 => 0, _ => rng.Next(0, 40) };
                var e = new Event(now + dt, ((long)rng.Next(0, 3) << Event.SequenceBits) | seq, 0, 0, seq);
                seq++;
                wheel.Push(e);
                heap.Push(e);
            }
            if (heap.Count > 0 && rng.Next(0, 2) == 0)
            {
                Assert.That(wheel.Peek().Arg, Is.EqualTo(heap.Peek().Arg));
                var a = wheel.Pop();
                fromWheel.Add(a.Arg);
                fromHeap.Add(heap.Pop().Arg);
                now = a.TimePs;
            }
        }
        while (heap.Count > 0) { fromWheel.Add(wheel.Pop().Arg); fromHeap.Add(heap.Pop().Arg); }
        Assert.That(wheel.Count, Is.EqualTo(0));
        Assert.That(fromWheel, Is.EqualTo(fromHeap));
        Assert.That(fromWheel.Count, Is.GreaterThan(10_000));
    }

    [Test]
    public void SchedulingAfterARunThatStoppedOnAPeekStillWorks()
    {
        var sim = new Simulation();
        var log = new List<long>();
        int h = sim.Register(new Log(log));
        sim.Schedule(1_000_000, h);
        sim.Run(untilPs: 10); // peeks the far event, handles nothing
        sim.Schedule(20, h);
        sim.Run();
        Assert.That(log, Is.EqualTo(new long[] { 20, 1_000_000 }));
    }

    /// <summary>Schedules many events (growing the queue's node pool) before reading its own event.</summary>
    private sealed class Spawner : IEventHandler
    {
        public readonly List<(long Time, int Kind, long Arg)> Seen = new();
        public void Handle(Simulation sim, in Event e)
        {
            if (e.Kind == 1)
                for (int i = 0; i < 5000; i++) sim.ScheduleIn(1 + i % 3000, e.Handler, kind: 2, arg: i);
            Seen.Add((e.TimePs, e.Kind, e.Arg)); // read after the pushes: the event must be intact
        }
    }

    [Test]
    public void AHandlersEventStaysIntactWhileItSchedulesMany()
    {
        var sim = new Simulation();
        var s = new Spawner();
        int h = sim.Register(s);
        sim.Schedule(1000, h, kind: 1, arg: 42);
        sim.Schedule(1000, h, kind: 1, arg: 43);
        sim.Run();
        Assert.That(s.Seen[0], Is.EqualTo((1000L, 1, 42L)));
        Assert.That(s.Seen[1], Is.EqualTo((1000L, 1, 43L)));
        Assert.That(s.Seen.Count, Is.EqualTo(2 + 2 * 5000));
        // Time order, and among equal times scheduling order (first spawner's events before the second's).
        var later = s.Seen.Skip(2).ToList();
        Assert.That(later.Select(x => x.Time), Is.Ordered);
        var expected = new[] { 0, 1 }.SelectMany(spawner => Enumerable.Range(0, 5000).Select(i => (Time: 1000L + 1 + i % 3000, spawner, Arg: (long)i)))
            .OrderBy(x => x.Time).ThenBy(x => x.spawner).ThenBy(x => x.Arg)
            .Select(x => (x.Time, 2, x.Arg));
        Assert.That(later.Select(x => (x.Time, x.Kind, x.Arg)), Is.EqualTo(expected));
        Assert.That(sim.Pending, Is.EqualTo(0));
    }

    [Test]
    public void OutOfOrderInsertsWithinOneSlotPopInOrder()
    {
        // Slots 2^10 ps wide: times 1000..1023 share slot 0 with any order of insertion, priorities and keys.
        var q = new EventQueue();
        var rng = new Random(3);
        var all = new List<Event>();
        var keys = Enumerable.Range(0, 2000).OrderBy(_ => rng.Next()).ToArray(); // unique sequence numbers, shuffled
        for (int i = 0; i < 2000; i++)
        {
            var e = new Event(1000 + rng.Next(0, 24), ((long)rng.Next(0, 4) << Event.SequenceBits) | (long)keys[i], 0, 0, i);
            all.Add(e);
            q.Push(e);
        }
        var popped = new List<long>();
        while (q.Count > 0) popped.Add(q.Pop().Arg);
        Assert.That(popped, Is.EqualTo(all.OrderBy(e => e.TimePs).ThenBy(e => e.OrderKey).Select(e => e.Arg)));
    }

    private sealed class Log(List<long> log) : IEventHandler
    {
        public void Handle(Simulation sim, in Event e) => log.Add(sim.NowPs);
    }
}
