using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.NeuroSim;

/// <summary>Every shipped chip says in its header which model family it uses (issue 12), and a chip that draws a
/// component from another family says so in its <c>models:</c> section.</summary>
public class ModelFamilyHeaderTests
{
    private static IEnumerable<string> Chips =>
        Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "architectures"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order();

    [TestCaseSource(nameof(Chips))]
    public void HeaderNamesTheModelFamily(string file)
    {
        var header = File.ReadLines(RepoFiles.Architecture(file)).TakeWhile(l => l.StartsWith('#')).ToList();
        Assert.That(header.Any(l => l.StartsWith("# Model family: ", StringComparison.Ordinal)), Is.True, file);
    }
}
