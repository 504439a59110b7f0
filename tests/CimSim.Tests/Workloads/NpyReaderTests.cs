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
    public void Int8FilesAreWeightCodesAsStored()
    {
        // Lengths around the 32-wide vector step, the offender in the vector part, in the tail, or absent.
        foreach (int n in new[] { 5, 32, 33, 100 })
            foreach (int at in new[] { -1, 0, n - 1, n / 2 })
            {
                var values = Enumerable.Range(0, n).Select(i => (sbyte)(i * 29 % 15 - 7)).ToArray();
                if (at >= 0) values[at] = -8;
                var a = NpyReader.Read(NpyFiles.Int8([n], values), "w.npy");
                Assert.That(a.IsInt8 && a.IsInteger, Is.True);
                var codes = WeightCodes.OfInt8(a.Int8Bytes);
                var ints = values.Select(v => (int)v).ToArray();
                Assert.That(codes.ToArray(), Is.EqualTo(ints));
                Assert.That(Enumerable.Range(0, n).Select(i => codes[i]), Is.EqualTo(ints));
                var part = new int[Math.Min(4, n - 1)];
                codes.CopyTo(1, part);
                Assert.That(part, Is.EqualTo(ints.Skip(1).Take(part.Length)));
                // The first weight outside ±7 (4-bit), the same for int8 codes and for ints; none at 8 bits and above.
                Assert.That(codes.FirstOutside(7), Is.EqualTo(at < 0 ? -1 : Array.IndexOf(values, (sbyte)-8)), $"n={n}, at={at}");
                Assert.That(new WeightCodes(ints).FirstOutside(7), Is.EqualTo(codes.FirstOutside(7)));
                Assert.That(codes.FirstOutside(127), Is.EqualTo(-1));
                Assert.That(a.Values, Is.EqualTo(values.Select(v => (float)v).ToArray()), "widened on demand");
            }
        // −128 is outside ±127 and inside every wider range.
        var edge = WeightCodes.OfInt8(NpyReader.Read(NpyFiles.Int8([40], [.. new sbyte[38], -128, 3]), "e.npy").Int8Bytes);
        Assert.That((edge.FirstOutside(127), edge.FirstOutside(255)), Is.EqualTo((38L, -1L)));
    }

    [Test]
    public void BadFilesAreInputErrorsNamingTheFile()
    {
        var good = NpyFiles.Float32([2, 2], [1, 2, 3, 4]);
        (byte[] Bytes, string Message)[] cases =
        [
            ("not numpy"u8.ToArray(), "bad magic"),
            (good[..^3], "truncated"),
            ([.. good, 0, 0, 0, 0], "4 bytes after the 4 elements"),
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
