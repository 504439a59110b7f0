using CimSim.Tests.Architecture;
using CimSim.Workloads.Inference;
using NUnit.Framework;

namespace CimSim.Tests.Workloads;

/// <summary>model.yaml's one writer (<see cref="ModelManifest"/>) against its one reader (<see cref="TrainedModel.Load"/>).</summary>
public class ModelManifestTests
{
    [Test]
    public void AWrittenManifestReadsBackToTheSameStepsAndPrecisions()
    {
        var src = TrainedModel.Load(Path.Combine(RepoFiles.Root, "models", "resnet20-fmnist-w3a3-psq-hcim"));
        string dir = Directory.CreateTempSubdirectory("cimsim-manifest-").FullName;
        try
        {
            foreach (var f in Directory.EnumerateFiles(src.Directory, "*.npy")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var layers = src.Network.Layers.Where(l => l.IsCrossbar).Select((l, i) =>
            {
                var p = src.Layers[l.Name];
                // Odd layers get their own input precision, as a search's per-layer design would.
                return new ModelManifest.Layer(l.Name, null, i % 2 == 1 ? 4 : null, p.WeightStep, p.InputStep, p.AlphaStep);
            }).ToList();
            var manifest = new ModelManifest("resnet20:input_bits=" + string.Join(",", Enumerable.Repeat(3, 19)), "fashion-mnist", "a \"quoted\" command: with colons")
            {
                Stage = "psq", TestAccuracy = 0.83345, WeightBits = 3, InputBits = 3, Layers = layers,
            };
            File.WriteAllText(Path.Combine(dir, "model.yaml"), manifest.ToYaml());
            var back = TrainedModel.Load(dir);
            Assert.That(back.Stage, Is.EqualTo("psq"));
            Assert.That(back.TestAccuracy, Is.EqualTo(0.8335), "written to four decimals");
            var crossbar = back.Network.Layers.Where(l => l.IsCrossbar).ToList();
            for (int i = 0; i < crossbar.Count; i++)
            {
                var (a, b) = (src.Layers[crossbar[i].Name], back.Layers[crossbar[i].Name]);
                Assert.That((b.WeightStep, b.InputStep, b.AlphaStep), Is.EqualTo((a.WeightStep, a.InputStep, a.AlphaStep)), crossbar[i].Name);
                Assert.That((crossbar[i].WeightBits, crossbar[i].InputBits), Is.EqualTo((3, i % 2 == 1 ? 4 : 3)), crossbar[i].Name);
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
