using System.Buffers.Binary;
using CimSim.Workloads.Numpy;
using CimSim.Workloads.Quantization;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

public class NpyReaderTests
{
    [Test]
    public void ReadsFloatAndIntegerArraysInEitherByteOrder()
    {
        var f = NpyReader.Read(NpyFiles.Float32([2, 3], [1, 2, 3, 4, 5, -6.5f]), "a.npy");
        Assert.That(f.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(f.Values, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, -6.5f }));
        Assert.That(f.IsInteger, Is.False);
        var i = NpyReader.Read(NpyFiles.Int8([4], [-3, 0, 1, 127]), "b.npy");
        Assert.That((i.IsInteger, i.ShapeText), Is.EqualTo((true, "(4,)")));
        Assert.That(i.Values, Is.EqualTo(new float[] { -3, 0, 1, 127 }));
        var body = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(body, 0.25);
        BinaryPrimitives.WriteDoubleBigEndian(body.AsSpan(8), -2);
        Assert.That(NpyReader.Read(NpyFiles.Bytes(">f8", [2], body), "c.npy").Values, Is.EqualTo(new float[] { 0.25f, -2 }));
    }

    [Test]
    public void LongInt8ArraysDecodeEveryElementAndQuantizeAsThemselves()
    {
        // 32 at a time with a tail: every int8 value, in a length that is not a multiple of 32.
        var values = Enumerable.Range(0, 1000).Select(i => (sbyte)(i * 37 % 256 - 128)).ToArray();
        var a = NpyReader.Read(NpyFiles.Int8([values.Length], values), "w.npy");
        Assert.That(a.Values, Is.EqualTo(values.Select(v => (float)v).ToArray()));
        // Integer weights at step 1 are the integers QuantizeWithStep gives, and the first one outside ±Q is named.
        Assert.That(WeightQuantizer.FromIntegers(a.Values, 8, out int outside), Is.Null);
        Assert.That(outside, Is.EqualTo(Array.IndexOf(values, (sbyte)-128)), "−128 is outside ±127");
        var inRange = a.Values.Select(v => Math.Max(v, -127)).ToArray();
        Assert.That(WeightQuantizer.FromIntegers(inRange, 8, out outside), Is.EqualTo(WeightQuantizer.QuantizeWithStep(inRange, 8, 1.0).Values));
        Assert.That(outside, Is.EqualTo(-1));
    }

    [Test]
    public void BadFilesAreInputErrorsNamingTheFile()
    {
        var good = NpyFiles.Float32([2, 2], [1, 2, 3, 4]);
        (byte[] Bytes, string Message)[] cases =
        [
            ("not numpy"u8.ToArray(), "bad magic"),
            (good[..^3], "truncated"),
            (NpyFiles.Bytes("<f4", [2, 2], new byte[16], fortran: true), "Fortran"),
            (NpyFiles.Bytes("<c16", [1], new byte[16]), "unsupported dtype"),
            (NpyFiles.Bytes("|O", [1], new byte[8]), "unsupported dtype"),
            (NpyFiles.Float32([1], [float.NaN]), "not a finite number"),
        ];
        foreach (var (bytes, message) in cases)
        {
            var e = Assert.Throws<InputException>(() => NpyReader.Read(bytes, "w.npy"));
            Assert.That(e!.File, Is.EqualTo("w.npy"));
            Assert.That(e.Message, Does.Contain(message));
        }
    }
}
