using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Compilation;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Tracing;
using NUnit.Framework;

namespace CimSim.Tests.Networks;

public class SampleTraceTests
{
    [Test]
    public void TheCommittedResNet20TraceIsCurrent()
    {
        var net = NetworkZoo.Create("resnet20", Dataset.Cifar10);
        var chip = ChipAssembly.SizedFor(ArchitectureLoader.LoadFile(RepoPaths.Of("architectures", "hcim.yaml")), net); // tiles: auto → 20
        var trace = Compiler.Compile(net, chip.ToMappingTarget(),
            new CompileOptions { Seed = 1, Dataset = "cifar10", Architecture = chip.Name });
        using var fresh = new MemoryStream();
        TraceWriter.Write(trace, fresh);
        string path = RepoPaths.Of("traces", "resnet20-hcim.trace");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(fresh.ToArray()),
            "traces/resnet20-hcim.trace is stale: regenerate it with the command in traces/README.md");
        var read = TraceReader.ReadFile(path);
        Assert.That(read.Layers.Sum(l => l.Macs), Is.EqualTo(40_551_040));
        Assert.That(read.Layers.Sum(l => l.Counts.CrossbarReads), Is.EqualTo(read.Layers.Where(l => l.Mapping is not null).Sum(l => l.Mapping!.CrossbarReads)));
    }
}
