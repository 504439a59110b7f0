using CimSim.Kernel;
using NUnit.Framework;

namespace CimSim.Tests.Kernel;

public class ResourceTests
{
    [Test]
    public void BankOfTwoServesFiveRequestsOnTheHandComputedSchedule()
    {
        var stats = new Statistics();
        var bank = new UnitBank("adc", 2, stats);
        // Five conversions of 10 ps, all ready at 0: units alternate, starts 0,0,10,10,20.
        var starts = Enumerable.Range(0, 5).Select(_ => bank.Acquire(0, 10)).ToArray();
        Assert.That(starts, Is.EqualTo(new long[] { 0, 0, 10, 10, 20 }));
        Assert.That(bank.AllFreePs, Is.EqualTo(30));
        Assert.That(bank.WaitPs, Is.EqualTo(0 + 0 + 10 + 10 + 20));
        Assert.That(stats.Busy("adc").BusyPs, Is.EqualTo(50));
        // A request ready after everything frees starts at once; ties go to the lowest unit.
        Assert.That(bank.Acquire(100, 5, out int unit), Is.EqualTo(100));
        Assert.That(unit, Is.EqualTo(1)); // unit 1 frees at 20 < unit 0 at 30
        Assert.That(bank.Acquire(100, 5, out unit), Is.EqualTo(100));
        Assert.That(unit, Is.EqualTo(0));
    }

    [Test]
    public void SharedUnitSerialisesExactly()
    {
        // 8 columns sharing one ADC of 3 ns each: the 8th conversion ends at 24 ns.
        var bank = new UnitBank("adc", 1);
        long end = 0;
        for (int c = 0; c < 8; c++) end = bank.Acquire(0, 3000) + 3000;
        Assert.That(end, Is.EqualTo(24_000));
    }

    private sealed class Producer(BoundedFifo<int>? fifo, List<string> log) : IEventHandler
    {
        public BoundedFifo<int>? Fifo = fifo;
        public int Next;
        public int Self;
        public void Handle(Simulation sim, in Event e)
        {
            while (Next < 5)
            {
                if (!Fifo!.TryEnqueue(Next, Self)) { log.Add($"{sim.NowPs}:full"); return; }
                log.Add($"{sim.NowPs}:put{Next}");
                Next++;
            }
        }
    }

    private sealed class Consumer(List<string> log) : IEventHandler
    {
        public BoundedFifo<int>? Fifo;
        public void Handle(Simulation sim, in Event e)
        {
            if (Fifo!.TryDequeue(out int v)) log.Add($"{sim.NowPs}:got{v}");
            if (sim.NowPs < 400) sim.ScheduleIn(100, e.Handler);
        }
    }

    [Test]
    public void FifoAppliesBackPressureAndWakesTheProducer()
    {
        var sim = new Simulation();
        var log = new List<string>();
        var fifo = new BoundedFifo<int>(sim, "q", 2);
        var p = new Producer(fifo, log);
        var c = new Consumer(log) { Fifo = fifo };
        p.Self = sim.Register(p);
        int ch = sim.Register(c);
        sim.Schedule(0, p.Self);
        sim.Schedule(100, ch);
        sim.Run();
        Assert.That(log, Is.EqualTo(new[]
        {
            "0:put0", "0:put1", "0:full",
            "100:got0", "100:put2", "100:full",
            "200:got1", "200:put3", "200:full",
            "300:got2", "300:put4",
            "400:got3",
        }));
        Assert.That(fifo.FullStalls, Is.EqualTo(3));
        Assert.That(fifo.HighWater, Is.EqualTo(2));
        Assert.That(fifo.Count, Is.EqualTo(1));
    }

    [Test]
    public void HistogramBinsAndClampsTheTail()
    {
        var stats = new Statistics();
        var h = stats.Histogram("nz", bins: 4, binWidth: 10);
        foreach (var v in new long[] { 0, 9, 10, 35, 1000 }) h.Add(v);
        Assert.That(h.Bins, Is.EqualTo(new long[] { 2, 1, 0, 2 }));
        Assert.That(h.Count, Is.EqualTo(5));
        Assert.That(h.Min, Is.EqualTo(0));
        Assert.That(h.Max, Is.EqualTo(1000));
        Assert.That(h.Mean, Is.EqualTo(1054.0 / 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Add(-1));
        Assert.Throws<InvalidOperationException>(() => stats.Counter("nz"));
    }

    [Test]
    public void StatisticsListInNameOrder()
    {
        var stats = new Statistics();
        stats.Counter("b").Value = 2;
        stats.Counter("a").Value = 1;
        stats.Counter("c");
        Assert.That(stats.Counters.Select(c => c.Name), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(ReferenceEquals(stats.Counter("a"), stats.Counters.First()), Is.True);
    }
}
