using CimSim.Cli;
using CimSim.Search.Space;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Yaml;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>Unbounded YAML (deep nesting, endless files) is one line and exit 2 for every reader, never a stack overflow.</summary>
public class YamlLimitsTests
{
    private static string Deep(int levels, bool flow) => flow
        ? "name: x\nlayers: " + new string('[', levels) + new string(']', levels) + "\n"
        : "name: x\nlayers:\n" + string.Concat(Enumerable.Range(1, levels).Select(i => new string(' ', 2 * i) + "- k:\n"));

    [TestCase(100_000, true)]
    [TestCase(YamlText.MaxDepth + 1, false)]
    public void DeepNestingIsAnInputErrorInEveryReader(int levels, bool flow)
    {
        var yaml = Deep(levels, flow);
        foreach (var load in new Action[]
        {
            () => ArchitectureLoader.LoadText(yaml, "chip.yaml"),
            () => NetworkYamlLoader.LoadText(yaml, "net.yaml"),
            () => SearchSpaceLoader.LoadText(yaml, "space.yaml"),
        })
        {
            var e = Assert.Throws<InputException>(() => load())!;
            Assert.That(e.Message, Does.Contain($"nested more than {YamlText.MaxDepth} levels"));
            Assert.That(e.Message, Does.Not.Contain("\n"));
        }
    }

    [Test]
    public void NestingWithinTheLimitIsNotRefusedForDepth()
    {
        var e = Assert.Throws<InputException>(() => ArchitectureLoader.LoadText(Deep(YamlText.MaxDepth / 2 - 2, false), "chip.yaml"))!;
        Assert.That(e.Message, Does.Not.Contain("nested more than"));
    }

    [Test]
    public void AnEndlessFileIsOneLineAndExit2()
    {
        if (!File.Exists("/dev/zero")) Assert.Ignore("no /dev/zero");
        var err = new StringWriter();
        int code = Program.Run(["arch", "/dev/zero"], TextWriter.Null, err);
        Assert.That(code, Is.EqualTo(2), err.ToString());
        Assert.That(err.ToString(), Does.Contain("/dev/zero: is not a regular file (it is a character device)"));
        Assert.That(err.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
    }
}
