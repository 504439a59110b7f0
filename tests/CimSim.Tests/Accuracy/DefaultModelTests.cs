using CimSim.Cli;
using CimSim.Simulator.Reports;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Models;
using NUnit.Framework;

namespace CimSim.Tests.Accuracy;

/// <summary>Which shipped trained model <c>run</c> and <c>compare</c> take when no --network is given.</summary>
public sealed class DefaultModelTests
{
    private static string Models => Path.Combine(RepoFiles.Root, "models");

    [Test]
    public void TheShippedModelsServeEveryThreeBitChipAndNoOther()
    {
        foreach (var (chip, readout) in new[] { ("adc7.yaml", ReadoutKind.Adc), ("adc4.yaml", ReadoutKind.Adc) })
            Assert.That(ModelSource.DefaultModelFor(Models, "architectures/" + chip, 3, 3, readout), Does.EndWith("resnet20-fmnist-w3a3-in8-kd"),
                chip + ": the W3A3 QAT model with the best test accuracy (its first layer reads the 8-bit image: W3A3 all the same)");
        Assert.That(ModelSource.DefaultModelFor(Models, "architectures/hcim.yaml", 3, 3, ReadoutKind.Ternary), Does.EndWith("resnet20-fmnist-w3a3-in8-kd-psq-hcim"), "PSQ-trained for hcim, the better of two");
        Assert.That(ModelSource.DefaultModelFor(Models, "architectures/xpert-vgg16-baseline.yaml", 8, 8, ReadoutKind.Adc), Is.Null, "no 8-bit model is shipped");
        Assert.That(ModelSource.DefaultModelFor(Path.Combine(Models, "missing"), "hcim.yaml", 3, 3, ReadoutKind.Ternary), Is.Null);
    }

    [Test]
    public void APsqModelTrainedForTheChipComesFirst()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-models-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var name in new[] { "a-qat", "b-psq" })
            {
                Directory.CreateDirectory(Path.Combine(dir, name));
                foreach (var f in Directory.GetFiles(Path.Combine(Models, "resnet20-fmnist-w3a3")))
                    File.Copy(f, Path.Combine(dir, name, Path.GetFileName(f)));
            }
            string yaml = Path.Combine(dir, "b-psq", "model.yaml");
            File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("stage: qat", "stage: psq"));
            Assert.That(ModelSource.DefaultModelFor(dir, "/anywhere/hcim.yaml", 3, 3, ReadoutKind.Ternary), Does.EndWith("b-psq"), "trained for hcim.yaml");
            Assert.That(ModelSource.DefaultModelFor(dir, "architectures/adc7.yaml", 3, 3, ReadoutKind.Adc), Does.EndWith("a-qat"), "an ADC chip: the QAT model");
            // Of two QAT models the one with the higher recorded test accuracy, whatever the names' order.
            Directory.CreateDirectory(Path.Combine(dir, "c-qat"));
            foreach (var f in Directory.GetFiles(Path.Combine(dir, "a-qat"))) File.Copy(f, Path.Combine(dir, "c-qat", Path.GetFileName(f)));
            string cYaml = Path.Combine(dir, "c-qat", "model.yaml");
            File.WriteAllText(cYaml, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(cYaml), @"test_accuracy: [0-9.]+", "test_accuracy: 0.9999"));
            Assert.That(ModelSource.DefaultModelFor(dir, "architectures/adc7.yaml", 3, 3, ReadoutKind.Adc), Does.EndWith("c-qat"), "the better QAT model");
            Assert.That(ModelSource.DefaultModelFor(dir, "architectures/other.yaml", 3, 3, ReadoutKind.Ternary), Does.EndWith("c-qat"), "PSQ-trained for another chip: the better QAT model");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void RunWithoutANetworkPrintsTheShippedModelsAccuracy()
    {
        string json = Path.Combine(Path.GetTempPath(), "cimsim-default-" + Guid.NewGuid().ToString("N") + ".json");
        string? home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        Environment.SetEnvironmentVariable("CIMSIM_HOME", RepoFiles.Root); // as the ./cimsim launcher sets it
        try
        {
            var e = new StringWriter();
            int code = Program.Run(["run", "--arch", RepoFiles.Architecture("hcim.yaml"), "--images", "20", "--json", json, "-q"], TextWriter.Null, e);
            Assert.That(code, Is.Zero, e.ToString());
            var r = ReportJson.ReadFile(json);
            Assert.That(r.Accuracy, Is.Not.Null);
            Assert.That((r.Accuracy!.Images, r.Dataset), Is.EqualTo((20, "fashion-mnist")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CIMSIM_HOME", home);
            File.Delete(json);
        }
    }
}
