using CimSim.Search.Evaluation;
using CimSim.Search.Optimizers;
using CimSim.Search.Space;
using CimSim.Tests.Architecture;
using CimSim.Workloads.Randomness;

namespace CimSim.Tests.Search;

/// <summary>Small search spaces and random chain problems for the search tests.</summary>
internal static class SearchFixtures
{
    /// <summary>
    /// A VGG16 of 16-channel layers on XPert's baseline chip: every layer fits one tile, so a full evaluation takes
    /// tens of milliseconds. <paramref name="body"/> replaces the knobs/constraints/search sections.
    /// </summary>
    public static string TinySpaceYaml(string? body = null) => $"""
        name: tiny
        base:
          chip: {RepoFiles.Architecture("xpert-vgg16-baseline.yaml")}
          network: vgg16:channels=16,16,16,16,16,16,16,16,16,16,16,16,16
          dataset: cifar10
        """ + "\n" + (body ?? DefaultBody);

    public const string DefaultBody = """
        layers: [conv1, conv2, conv3, conv4]
        knobs:
          channels: [8, 16, 32]
          adc_type: [flash, sar]
          column_sharing: [4, 16]
          input_bits: [4, 6]
        constraints:
          area_mm2: { target: 36, tolerance: 0.05 }
          min_sqnr_db: 0
          min_capacity: { macs: 0.3 }
        search:
          evaluations: 6
          population: 3
          seed: 7
        """;

    /// <summary>A tiny space written to a fresh temporary directory; returns the file's path.</summary>
    public static string WriteTinySpace(string? body = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-search-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "space.yaml");
        File.WriteAllText(path, TinySpaceYaml(body));
        return path;
    }

    public static SearchSpace TinySpace(string? body = null) => SearchSpaceLoader.LoadText(TinySpaceYaml(body), "tiny.yaml");

    /// <summary>
    /// A random chain: 2–4 stages, 1–3 states (1–2 start states) and 1–3 options each, costs uniform in [0, 10) (MACs and weights in
    /// [0, 100)), about one choice in eight disallowed.
    /// </summary>
    public static ChainProblem RandomProblem(ulong seed)
    {
        var rng = Xoshiro256StarStar.ForStream(seed, 99);
        int Next(int n) => (int)(rng.NextUInt64() % (ulong)n);
        int stages = 2 + Next(3);
        var list = new List<ChainStage>();
        int ins = 1 + Next(2);
        for (int j = 0; j < stages; j++)
        {
            int outs = 1 + Next(3), options = 1 + Next(3);
            var s = new ChainStage(ins, outs, options);
            for (int i = 0; i < ins; i++)
                for (int o = 0; o < outs; o++)
                    for (int p = 0; p < options; p++)
                        s.Set(i, o, p, new LayerCost(10 * rng.NextDouble(), 10 * rng.NextDouble(), 10 * rng.NextDouble(),
                            10 * rng.NextDouble(), 100 * rng.NextDouble(), 100 * rng.NextDouble()), allowed: Next(8) != 0);
            list.Add(s);
            ins = outs;
        }
        return new ChainProblem(list, new LayerCost(1, 1, 1, 1, 0, 0));
    }

    /// <summary>Every allowed path of <paramref name="problem"/>.</summary>
    public static IEnumerable<ChainPath> AllPaths(ChainProblem problem)
    {
        IEnumerable<(int[] Outs, int[] Opts)> Rec(int j, int inState, int[] outs, int[] opts)
        {
            if (j == problem.Stages.Count) { yield return ((int[])outs.Clone(), (int[])opts.Clone()); yield break; }
            var s = problem.Stages[j];
            for (int o = 0; o < s.OutStates; o++)
                for (int p = 0; p < s.Options; p++)
                {
                    if (!s.Allowed(inState, o, p)) continue;
                    outs[j] = o; opts[j] = p;
                    foreach (var r in Rec(j + 1, o, outs, opts)) yield return r;
                }
        }
        return Enumerable.Range(0, problem.Stages[0].InStates).SelectMany(start =>
            Rec(0, start, new int[problem.Stages.Count], new int[problem.Stages.Count]).Select(r => new ChainPath(start, r.Outs, r.Opts)));
    }
}
