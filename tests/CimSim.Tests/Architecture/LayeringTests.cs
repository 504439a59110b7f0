using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace CimSim.Tests.Architecture;

/// <summary>
/// The house's arrows run one way (docs/ARCHITECTURE.md): each assembly references only the assemblies below it,
/// and inside src/ the namespaces (one per folder) import each other without a loop.
/// </summary>
public partial class LayeringTests
{
    /// <summary>Which CimSim assemblies each one may reference (directly).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["CimSim.Kernel"] = [],
        ["CimSim.Components"] = [],
        ["CimSim.Workloads"] = [],
        ["CimSim.Simulator"] = ["CimSim.Kernel", "CimSim.Components", "CimSim.Workloads"],
        ["CimSim.Search"] = ["CimSim.Kernel", "CimSim.Components", "CimSim.Workloads", "CimSim.Simulator"],
        ["CimSim.Training"] = ["CimSim.Workloads"],
    };

    public static IEnumerable<TestCaseData> Assemblies() =>
        Allowed.Keys.Where(n => File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, n + ".dll")))
            .Select(n => new TestCaseData(n).SetArgDisplayNames(n));

    [TestCaseSource(nameof(Assemblies))]
    public void AssemblyReferencesOnlyTheFloorsBelowIt(string name)
    {
        var asm = Assembly.LoadFrom(Path.Combine(TestContext.CurrentContext.TestDirectory, name + ".dll"));
        var refs = asm.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("CimSim.", StringComparison.Ordinal) || n == "cimsim");
        Assert.That(refs, Is.SubsetOf(Allowed[name]), $"{name} references an assembly above it or beside it");
    }

    [Test]
    public void EveryLibraryAssemblyIsChecked()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension);
        Assert.That(projects, Is.SubsetOf(Allowed.Keys), "a new assembly under src/ needs its row in LayeringTests.Allowed");
    }

    [Test]
    public void NamespacesImportEachOtherWithoutALoop()
    {
        // namespace -> namespaces it imports (using directives and fully qualified names), from the sources.
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoFiles.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var text = File.ReadAllText(file);
            var ns = NamespaceLine().Match(text);
            if (!ns.Success) continue;
            var from = ns.Groups[1].Value;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = [];
            foreach (Match m in Imported().Matches(text))
                if (m.Groups[1].Value != from) edges.Add(m.Groups[1].Value);
        }
        var cycle = FindCycle(graph);
        Assert.That(cycle, Is.Null, cycle is null ? "" : "namespace loop: " + string.Join(" → ", cycle));
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1 = on the stack, 2 = done
        var stack = new List<string>();
        List<string>? Visit(string n)
        {
            state[n] = 1; stack.Add(n);
            foreach (var m in graph.GetValueOrDefault(n, []).Where(graph.ContainsKey).Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(m) == 1) return [.. stack.Skip(stack.IndexOf(m)), m];
                if (state.GetValueOrDefault(m) == 0 && Visit(m) is { } c) return c;
            }
            stack.RemoveAt(stack.Count - 1); state[n] = 2;
            return null;
        }
        foreach (var n in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(n) == 0 && Visit(n) is { } c) return c;
        return null;
    }

    [GeneratedRegex(@"^namespace (CimSim[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    /// <summary>A using directive or a fully qualified name of a CimSim namespace (up to its folder).</summary>
    [GeneratedRegex(@"\b(CimSim\.(?:Kernel|Components|Workloads|Simulator|Search|Training)(?:\.[A-Z]\w*)?)\b(?=[.;])")]
    private static partial Regex Imported();
}
