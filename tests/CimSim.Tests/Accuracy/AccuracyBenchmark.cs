using System.Diagnostics;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using CimSim.Tests.Onnx;
using NUnit.Framework;
using Onnx;

namespace CimSim.Tests.Accuracy;

/// <summary>
/// docs/PERFORMANCE.md "Chip-faithful accuracy": ResNet-20 (1×1 projection shortcuts, He-random weights, biases) on the
/// Fashion-MNIST test set, chip-faithful in CimSim against ONNX Runtime's float inference of the same ONNX file, in one
/// session. Not part of the suite (category Benchmark, which ./run-tests leaves out unless a --filter is given):
/// <c>CIMSIM_BENCH_IMAGES=10000 ./run-tests --filter "FullyQualifiedName~AccuracyBenchmark"</c> (200 images when unset).
/// </summary>
[Category("Benchmark")] // minutes of CPU: a benchmark, not a test (docs/PERFORMANCE.md)
public sealed class AccuracyBenchmark
{
    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attrs) =>
        OnnxGraph.Node(op, output, inputs, [output], attrs);

    private static AttributeProto Ints(string name, params long[] v) => OnnxGraph.Ints(name, v);

    /// <summary>ResNet-20 for 1×28×28 with projection shortcuts, weights N(0, 2/fan-in) from a fixed seed, small biases.</summary>
    public static byte[] ResNet20Onnx()
    {
        var rng = new Random(1);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var g = new GraphProto { Name = "resnet20-proj" };
        var input = new ValueInfoProto { Name = "x", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = new TensorShapeProto() } } };
        input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in new long[] { 1, 28, 28 }) input.Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        g.Input.Add(input);
        int id = 0;
        string Conv(string x, int cin, int cout, int k, int s, bool relu)
        {
            string w = $"w{id}", b = $"b{id}", y = $"conv{id}";
            id++;
            var wt = new TensorProto { Name = w, DataType = 1 };
            wt.Dims.Add([cout, cin, k, k]);
            double sigma = Math.Sqrt(2.0 / (cin * k * k));
            for (int i = 0; i < cout * cin * k * k; i++) wt.FloatData.Add((float)(sigma * Normal()));
            var bt = new TensorProto { Name = b, DataType = 1 };
            bt.Dims.Add(cout);
            for (int i = 0; i < cout; i++) bt.FloatData.Add((float)(0.05 * Normal()));
            g.Initializer.Add(wt);
            g.Initializer.Add(bt);
            g.Node.Add(Node("Conv", [x, w, b], y, Ints("kernel_shape", k, k), Ints("strides", s, s), Ints("pads", k / 2, k / 2, k / 2, k / 2)));
            if (!relu) return y;
            g.Node.Add(Node("Relu", [y], y + "_relu"));
            return y + "_relu";
        }
        string h = Conv("x", 1, 16, 3, 1, true);
        int c = 16;
        foreach (int width in new[] { 16, 32, 64 })
            for (int block = 0; block < 3; block++)
            {
                int s = block == 0 && width != 16 ? 2 : 1;
                string a = Conv(h, c, width, 3, s, true);
                string b = Conv(a, width, width, 3, 1, false);
                string shortcut = s == 2 ? Conv(h, c, width, 1, 2, false) : h;
                string sum = $"add{id++}";
                g.Node.Add(Node("Add", [b, shortcut], sum));
                g.Node.Add(Node("Relu", [sum], sum + "_relu"));
                h = sum + "_relu";
                c = width;
            }
        g.Node.Add(Node("GlobalAveragePool", [h], "gap"));
        g.Node.Add(Node("Flatten", ["gap"], "flat"));
        var fw = new TensorProto { Name = "fcw", DataType = 1 };
        fw.Dims.Add([10, 64]);
        for (int i = 0; i < 640; i++) fw.FloatData.Add((float)(Math.Sqrt(1.0 / 64) * Normal()));
        g.Initializer.Add(fw);
        g.Node.Add(Node("Gemm", ["flat", "fcw"], "logits", new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        var output = new ValueInfoProto { Name = "logits", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } };
        g.Output.Add(output);
        var m = new ModelProto { IrVersion = 7, Graph = g, ProducerName = "cimsim-benchmark" };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return m.ToByteArray();
    }

    [TestCase("hcim.yaml")]
    [TestCase("adc7.yaml")]
    [TestCase("adc4.yaml")]
    public void ResNet20ChipFaithfulBesideOnnxRuntime(string chip)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("CIMSIM_BENCH_IMAGES"), out int n) || n <= 0) n = 200;
        var data = DatasetSource.Open("fashion-mnist").Take(n);
        string path = Path.Combine(Path.GetTempPath(), $"cimsim-bench-resnet20-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, ResNet20Onnx());
        try
        {
            // ONNX Runtime, float, batches of 100, 2 intra-op threads (both cores), after one warm-up batch.
            const int batch = 100;
            using var options = new SessionOptions { IntraOpNumThreads = 2, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            using var session = new InferenceSession(path, options);
            var buffer = new float[batch * 784];
            int ortCorrect = 0;
            void OrtBatch(int start, int count)
            {
                for (int i = 0; i < count; i++) data.CopyImage(start + i, buffer.AsSpan(i * 784, 784));
                var t = new DenseTensor<float>(buffer.AsMemory(0, count * 784), [count, 1, 28, 28]);
                using var r = session.Run([NamedOnnxValue.CreateFromTensor("x", t)]);
                var logits = r.First().AsEnumerable<float>().ToArray();
                for (int i = 0; i < count; i++)
                {
                    var row = logits.AsSpan(i * 10, 10);
                    int best = 0;
                    for (int k = 1; k < 10; k++) if (row[k] > row[best]) best = k;
                    if (best == data.Label(start + i)) ortCorrect++;
                }
            }
            OrtBatch(0, Math.Min(batch, n));
            // Its time moves 2–4× from run to run on this machine: the median of three passes.
            var ortTimes = new double[3];
            var sw = new Stopwatch();
            for (int rep = 0; rep < ortTimes.Length; rep++)
            {
                ortCorrect = 0;
                sw.Restart();
                for (int s = 0; s < n; s += batch) OrtBatch(s, Math.Min(batch, n - s));
                ortTimes[rep] = sw.Elapsed.TotalSeconds;
            }
            Array.Sort(ortTimes);
            double ortSeconds = ortTimes[1];

            var model = OnnxImporter.Load(path, "fashion-mnist");
            var target = RepoFiles.SizedChip(chip).ToMappingTarget();
            sw.Restart();
            var result = ChipInference.Run(model, target, data);
            double chipSeconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            double chipOnly = ChipInference.ChipAccuracy(model, target, data);
            double chipOnlySeconds = sw.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine($"BENCH {chip}: {n} images; ONNX Runtime float {ortSeconds:F2} s (median of {ortTimes[0]:F2}–{ortTimes[2]:F2} s; {ortCorrect} correct); " +
                $"CimSim float+ideal+chip {chipSeconds:F2} s (float {result.FloatCorrect}, ideal {result.IdealCorrect}, chip {result.ChipCorrect}); ratio {chipSeconds / ortSeconds:F1}x; " +
                $"chip alone {chipOnlySeconds:F2} s, ratio {chipOnlySeconds / ortSeconds:F1}x");
            Assert.That(chipOnly, Is.EqualTo(result.ChipAccuracy), "the chip's accuracy alone is the full run's");
            Assert.That(result.FloatCorrect, Is.EqualTo(ortCorrect), "the same float network gives the same predictions");
        }
        finally { File.Delete(path); }
    }
}
