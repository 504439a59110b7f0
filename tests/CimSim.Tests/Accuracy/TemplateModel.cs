using CimSim.Tests.Workloads;
using CimSim.Workloads.Datasets;

namespace CimSim.Tests.Accuracy;

/// <summary>
/// A small trained model nobody has to train: a template-matching classifier for Fashion-MNIST written as a model
/// directory (docs/MODEL_FORMAT.md). conv1 (1→2, 3×3, pad 1, ReLU) passes the image through (channel 0: centre tap 1)
/// and blurs it (channel 1: 3×3 box); fc scores class c as m_c·x + m_c·blur(x) − ½(‖m_c‖² + m_c·blur(m_c)), m_c the
/// mean image of class c over the shipped subset: a nearest-mean-like classifier that reaches about 70 %.
/// </summary>
internal static class TemplateModel
{
    public const string NetworkYaml = """
        name: template
        dataset: fashion-mnist
        layers:
          - {name: conv1, type: conv, out_channels: 2, kernel: 3, padding: 1, relu: true}
          - {name: fc, type: fc, out_features: 10}
        """;

    public static float[] Conv1Weights()
    {
        var w = new float[2 * 9];
        w[4] = 1;
        for (int i = 0; i < 9; i++) w[9 + i] = 1f / 9;
        return w;
    }

    /// <summary>The two channels conv1 produces for an image (28×28).</summary>
    public static float[] Features(float[] x)
    {
        var f = new float[2 * 784];
        var w = Conv1Weights();
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 28; y++)
                for (int xx = 0; xx < 28; xx++)
                {
                    float s = 0;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int iy = y + ky - 1, ix = xx + kx - 1;
                            if (iy is >= 0 and < 28 && ix is >= 0 and < 28) s += w[c * 9 + ky * 3 + kx] * x[iy * 28 + ix];
                        }
                    f[c * 784 + y * 28 + xx] = Math.Max(0, s);
                }
        return f;
    }

    public static (float[] W, float[] B) Classifier()
    {
        var data = DatasetSource.Subset();
        var means = new double[10, 784];
        var counts = new int[10];
        for (int i = 0; i < data.Count; i++)
        {
            var img = data.Image(i);
            counts[data.Label(i)]++;
            for (int j = 0; j < 784; j++) means[data.Label(i), j] += img[j];
        }
        var w = new float[10 * 2 * 784];
        var b = new float[10];
        for (int c = 0; c < 10; c++)
        {
            var m = new float[784];
            for (int j = 0; j < 784; j++) m[j] = (float)(means[c, j] / counts[c]);
            var fm = Features(m);
            double norm = 0;
            for (int j = 0; j < 784; j++)
            {
                w[c * 1568 + j] = m[j];
                w[c * 1568 + 784 + j] = m[j];
                norm += m[j] * fm[j] + m[j] * fm[784 + j];
            }
            b[c] = (float)(-0.5 * norm);
        }
        return (w, b);
    }

    /// <summary>Writes the model into a new directory and returns it.</summary>
    public static string Write(string dir, string modelYamlExtra = "")
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "network.yaml"), NetworkYaml);
        File.WriteAllText(Path.Combine(dir, "model.yaml"), "format: 1\nnetwork: network.yaml\ndataset: fashion-mnist\nstage: float\n" + modelYamlExtra);
        File.WriteAllBytes(Path.Combine(dir, "conv1.npy"), NpyFiles.Float32([2, 1, 3, 3], Conv1Weights()));
        var (w, b) = Classifier();
        File.WriteAllBytes(Path.Combine(dir, "fc.npy"), NpyFiles.Float32([10, 1568], w));
        File.WriteAllBytes(Path.Combine(dir, "fc.bias.npy"), NpyFiles.Float32([10], b));
        return dir;
    }
}
