using CimSim.Kernel;
using NUnit.Framework;

namespace CimSim.Tests.Kernel;

public class ResourceTests
{
    [Test]
    public void BankOfTwoServesFiveRequestsOnTheHandComputedSchedule()
    {
        var bank = new UnitBank(2);
        // Five conversions of 10 ps, all ready at 0: units alternate, starts 0,0,10,10,20.
        var starts = Enumerable.Range(0, 5).Select(_ => bank.Acquire(0, 10)).ToArray();
        Assert.That(starts, Is.EqualTo(new long[] { 0, 0, 10, 10, 20 }));
        Assert.That(bank.AllFreePs, Is.EqualTo(30));
        Assert.That(bank.WaitPs, Is.EqualTo(0 + 0 + 10 + 10 + 20));
        Assert.That(bank.BusyPs, Is.EqualTo(50));
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
        var bank = new UnitBank(1);
        long end = 0;
        for (int c = 0; c < 8; c++) end = bank.Acquire(0, 3000) + 3000;
        Assert.That(end, Is.EqualTo(24_000));
    }

    [Test]
    public void BusyTimeSumsEveryUnitsRequests()
    {
        var a = new UnitBank(3);
        a.Acquire(0, 10); a.Acquire(0, 10); a.Acquire(4, 7);
        Assert.That(a.BusyPs, Is.EqualTo(27));
        Assert.That(a.WaitPs, Is.EqualTo(0), "three units, three requests: none waits");
        Assert.That(a.Requests, Is.EqualTo(3));
    }
}
