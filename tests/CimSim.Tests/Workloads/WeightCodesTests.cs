using CimSim.Workloads.Quantization;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class WeightCodesTests
{
    [Test]
    public void CompactKeepsEveryWeightInOneByteWhereAllFit()
    {
        int[] fits = [0, 1, -1, 127, -128, 5, -77];
        var compact = new WeightCodes(fits).Compact();
        Assert.That(compact.StorageBytes, Is.EqualTo(fits.Length), "one byte each");
        Assert.That(compact.ToArray(), Is.EqualTo(fits));
        Assert.That(compact.FirstOutside(77), Is.EqualTo(new WeightCodes(fits).FirstOutside(77)));

        foreach (int outside in new[] { 128, -129, 1000 })
        {
            int[] wide = [3, outside, -2];
            var kept = new WeightCodes(wide).Compact();
            Assert.That(kept.StorageBytes, Is.EqualTo(4L * wide.Length), $"{outside} does not fit a byte: the ints stay");
            Assert.That(kept.ToArray(), Is.EqualTo(wide));
        }
    }
}
