using System.Runtime.CompilerServices;
using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Networks;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>Paths to files shipped in the repository: found by walking up from the test binaries, or from this
/// source file when the binaries live elsewhere (<c>--artifacts-path</c>).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot(TestContext.CurrentContext.TestDirectory) ?? FindRoot(SourceDirectory())
        ?? throw new DirectoryNotFoundException("repository root (CimSim.sln) not found");

    public static string Architecture(string name) => Path.Combine(Root, "architectures", name);

    /// <summary>
    /// A shipped chip as it runs <paramref name="network"/> (zoo spec, its default dataset): a chip with
    /// <c>tiles: auto</c> sized for it (by default ResNet-20 / CIFAR-10, the HCiM chips' workload: 20 tiles).
    /// </summary>
    public static ChipSpec SizedChip(string name, string network = "resnet20") =>
        Sized(ArchitectureLoader.LoadFile(Architecture(name)), network);

    /// <summary><paramref name="spec"/> sized for <paramref name="network"/> when its tile count is auto.</summary>
    public static ChipSpec Sized(ChipSpec spec, string network = "resnet20") => ChipAssembly.SizedFor(spec, NetworkZoo.Create(network));

    public static IEnumerable<string> ShippedChips => ["hcim.yaml", "adc7.yaml", "adc4.yaml", "neurosim-sram-22nm.yaml", "xpert-vgg16-baseline.yaml", "neurosim-vgg8-22nm.yaml"];

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "";

    private static string? FindRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CimSim.sln"))) return d.FullName;
        return null;
    }
}
