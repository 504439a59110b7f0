using CimSim.Simulator.Replay;
using NUnit.Framework;

namespace CimSim.Tests.Replay;

public class FlowShopTests
{
    [Test]
    public void RepeatedItemsLeaveTheStateThatItemByItemLeaves()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 20_000; trial++)
        {
            var byItem = new FlowShop();
            var repeated = new FlowShop();
            // A history of other items first, so the pipeline is not empty and its stages are out of step.
            for (int h = rng.Next(4); h > 0; h--)
            {
                long a = rng.Next(0, 50), e0 = rng.Next(0, 9), e1 = rng.Next(0, 9), e2 = rng.Next(0, 9);
                byItem.Process(a, e0, e1, e2);
                repeated.Process(a, e0, e1, e2);
            }
            long arrival = rng.Next(0, 80), d0 = rng.Next(0, 9), d1 = rng.Next(0, 9), d2 = rng.Next(0, 9);
            int count = rng.Next(1, 40);
            for (int r = 0; r < count; r++) byItem.Process(arrival, d0, d1, d2);
            repeated.ProcessRepeated(arrival, d0, d1, d2, count);
            Assert.That(repeated, Is.EqualTo(byItem), $"trial {trial}: arrival {arrival}, d = {d0}/{d1}/{d2}, {count} items");
        }
    }
}
