using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using CimSim.Workloads.Csv;
using CimSim.Training;
using CimSim.Training.Export;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;

namespace CimSim.Cli.Commands;

/// <summary>
/// <c>cimsim proxy-correlation --out DIR [--network SPEC …]</c>: how well XPert's training-free accuracy proxy (NASWOT,
/// <see cref="Naswot"/>) ranks networks as training does (docs/SEARCH.md, "Proxy vs trained accuracy"). Each network
/// is trained in float with one budget (<c>--train-images</c>, <c>--epochs</c>, <c>--lr</c> 0.05, <c>--batch-size</c> 64; otherwise the float stage defaults), its
/// accuracy measured on the first <c>--test-images</c> test images, and its NASWOT score computed on the first
/// <c>--naswot-images</c> training images; the command prints the table and Spearman's ρ and Kendall's τ-b between
/// score and accuracy. Trained networks are kept in <c>DIR/&lt;i&gt;</c>, so a stopped run resumes where it stopped.
/// </summary>
public static class ProxyCorrelationCommand
{
    /// <summary>The default networks: nine VGG16s with XPert's per-layer widths {64, 128, 256, 512}, 50–205 MMACs on 28×28 (the last is VGG16 itself).</summary>
    public static IReadOnlyList<string> DefaultNetworks { get; } =
    [
        "vgg16:channels=64,64,64,64,64,64,64,64,64,64,64,64,64",
        "vgg16:channels=64,64,64,64,64,64,64,128,128,128,128,128,128",
        "vgg16:channels=64,64,64,64,128,128,128,256,256,256,256,256,256",
        "vgg16:channels=64,64,128,128,64,64,64,64,64,64,64,64,64",
        "vgg16:channels=64,64,128,128,128,128,128,128,128,128,128,128,128",
        "vgg16:channels=64,64,64,64,64,64,64,512,512,512,512,512,512",
        "vgg16:channels=64,64,128,128,256,256,256,256,256,256,256,256,256",
        "vgg16:channels=64,64,64,64,256,256,256,512,512,512,512,512,512",
        "vgg16:channels=64,64,128,128,256,256,256,512,512,512,512,512,512",
    ];

    public static Command Create(TextWriter stdout)
    {
        var networks = new Option<string[]>("--network") { Description = "A network to compare (zoo spec or YAML; repeat). Default: nine VGG16 width variants.", AllowMultipleArgumentsPerToken = false };
        var dataset = new Option<string>("--dataset") { Description = "Dataset (training and test splits).", DefaultValueFactory = _ => DatasetSource.FashionMnist };
        var trainImages = new Option<int>("--train-images") { Description = "Train on the first N training images.", DefaultValueFactory = _ => 3000 };
        var epochs = new Option<int>("--epochs") { Description = "Float epochs per network.", DefaultValueFactory = _ => 1 };
        var testImages = new Option<int>("--test-images") { Description = "Measure accuracy on the first N test images.", DefaultValueFactory = _ => 1000 };
        var naswotImages = new Option<int>("--naswot-images") { Description = "Images of the NASWOT minibatch (the first N training images).", DefaultValueFactory = _ => 128 };
        var seed = new Option<long>("--seed") { Description = "Seed of the training and of the NASWOT initialisation (0 or more).", DefaultValueFactory = _ => 1 }.Range(0L, long.MaxValue);
        var threads = new Option<int>("--threads") { Description = "libtorch threads (deterministic on one).", DefaultValueFactory = _ => 1 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate (cosine to 0 over the run).", DefaultValueFactory = _ => 0.05 };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var output = new Option<string>("--out") { Description = "Directory for the trained networks and proxy-correlation.csv.", Required = true };
        var cmd = new Command("proxy-correlation", "Rank correlation of the NASWOT proxy with briefly trained accuracy (docs/SEARCH.md).")
        { networks, dataset, trainImages, epochs, testImages, naswotImages, seed, threads, lr, batch, output };
        cmd.SetAction(r =>
        {
            var specs = r.GetValue(networks) is { Length: > 0 } given ? given : [.. DefaultNetworks];
            if (specs.Length < 3) throw new InputException(null, 0, 0, "--network", $"give at least 3 networks to rank, got {specs.Length}");
            foreach (var (name, v, min) in new[] { ("--train-images", r.GetValue(trainImages), 1), ("--epochs", r.GetValue(epochs), 1), ("--test-images", r.GetValue(testImages), 1), ("--naswot-images", r.GetValue(naswotImages), 2), ("--threads", r.GetValue(threads), 1), ("--batch-size", r.GetValue(batch), 1) })
                if (v < min) throw new InputException(null, 0, 0, name, $"must be at least {min}, got {v}");
            var train = DatasetSource.Open(r.GetValue(dataset)!, DatasetSplit.Train);
            var test = DatasetSource.Open(r.GetValue(dataset)!, DatasetSplit.Test);
            var ds = Dataset.All.FirstOrDefault(d => train.Name.StartsWith(d.Name, StringComparison.OrdinalIgnoreCase));
            var nets = specs.Select(s => NetworkSource.Load(s, ds?.Name)).ToArray();
            foreach (var n in nets)
                if (n.Input != train.Shape) throw new InputException(null, 0, 0, "--network", $"{n.Name} takes {n.Input} images, {train.Name} has {train.Shape}");
            if (!(r.GetValue(lr) > 0)) throw new InputException(null, 0, 0, "--lr", $"must be positive, got {r.GetValue(lr)}");
            return Execute(stdout, specs, nets, train, test, new Budget(r.GetValue(trainImages), r.GetValue(epochs), r.GetValue(testImages),
                r.GetValue(naswotImages), r.GetValue(seed), r.GetValue(threads), r.GetValue(lr), r.GetValue(batch)), r.GetValue(output)!);
        });
        return cmd;
    }

    private sealed record Budget(int TrainImages, int Epochs, int TestImages, int NaswotImages, long Seed, int Threads, double Lr, int BatchSize);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Execute(TextWriter stdout, string[] specs, Network[] nets, LabeledImages trainSet, LabeledImages testSet, Budget b, string outDir)
    {
        var (trainImages, epochs, testImages, naswotImages, seed, threads) = (b.TrainImages, b.Epochs, b.TestImages, b.NaswotImages, b.Seed, b.Threads);
        Directory.CreateDirectory(outDir);
        var train = TrainingData.From(trainSet).Take(trainImages);
        var test = TrainingData.From(testSet).Take(testImages);
        var rows = new List<(string Spec, Network Net, double Score, double Accuracy, double Seconds, double NaswotSeconds)>();
        stdout.WriteLine(FormattableString.Invariant($"proxy-correlation: {nets.Length} networks, float, {epochs} epoch(s) at lr {b.Lr}, batch {b.BatchSize} on the first {train.Count:N0} training images, accuracy on the first {test.Count:N0} test images, NASWOT on the first {naswotImages} training images, seed {seed}, {threads} thread(s)"));
        for (int i = 0; i < nets.Length; i++)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var score = Naswot.Score(nets[i], trainSet, naswotImages, (ulong)seed, threads);
            double naswotSeconds = sw.Elapsed.TotalSeconds;
            string dir = Path.Combine(outDir, i.ToString(CultureInfo.InvariantCulture));
            if (!File.Exists(Path.Combine(dir, "model.yaml")))
            {
                var o = TrainingOptions.ForStage(TrainingStage.Float, epochs) with { Seed = seed, Threads = threads, LearningRate = b.Lr, BatchSize = b.BatchSize };
                var info = new ModelInfo(specs[i], nets[i].Dataset, TrainingStage.Float, null, double.NaN, "cimsim proxy-correlation")
                { NetworkYaml = NetworkZoo.IsZooSpec(specs[i]) ? null : File.ReadAllText(specs[i]) };
                var setup = new StageSetup(null, null, nets[i].Layers[^1].Output.Channels, info) { Network = nets[i] };
                TrainingRun.Run(o, setup, train, test, dir);
            }
            var hist = TrainingHistory.Read(Path.Combine(dir, TrainingRun.HistoryFile)).Epochs;
            double acc = hist[^1].TestAccuracy ?? double.NaN;
            double seconds = hist.Sum(e => e.Seconds);
            rows.Add((specs[i], nets[i], score.Score, acc, seconds, naswotSeconds));
            stdout.WriteLine(FormattableString.Invariant($"  [{i}] {specs[i]}: NASWOT {score.Score:F1}, accuracy {acc:P2}, train {seconds:F0} s"));
        }
        double rho = RankCorrelation.Spearman(rows.Select(r => r.Score).ToArray(), rows.Select(r => r.Accuracy).ToArray());
        double tau = RankCorrelation.KendallTauB(rows.Select(r => r.Score).ToArray(), rows.Select(r => r.Accuracy).ToArray());
        string csv = CsvText.Table(["index", "network", "macs", "weights", "naswot", "test_accuracy", "train_seconds", "naswot_seconds"],
            rows.Select((r, i) => new[] { CsvText.Integer(i), r.Spec, CsvText.Integer(r.Net.Macs), CsvText.Integer(r.Net.Weights),
                CsvText.Number(r.Score), CsvText.Number(r.Accuracy), CsvText.Number(Math.Round(r.Seconds, 1)), CsvText.Number(Math.Round(r.NaswotSeconds, 1)) }))
            + FormattableString.Invariant($"# spearman_rho={rho:F4} kendall_tau_b={tau:F4}\n");
        string path = Path.Combine(outDir, "proxy-correlation.csv");
        File.WriteAllText(path + ".tmp", csv);
        File.Move(path + ".tmp", path, overwrite: true);
        stdout.WriteLine("| # | network (VGG16 widths) | MMACs | NASWOT | test accuracy | train s |");
        stdout.WriteLine("|---|---|---|---|---|---|");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            stdout.WriteLine(FormattableString.Invariant($"| {i} | `{r.Spec}` | {r.Net.Macs / 1e6:F1} | {r.Score:F1} | {r.Accuracy:P2} | {r.Seconds:F0} |"));
        }
        stdout.WriteLine(FormattableString.Invariant($"Spearman ρ = {rho:F3}, Kendall τ-b = {tau:F3} (n = {rows.Count}); wrote {path}"));
        return 0;
    }
}

/// <summary>Rank correlations (ties: average ranks for Spearman, τ-b's tie correction for Kendall).</summary>
public static class RankCorrelation
{
    /// <summary>Spearman's ρ: Pearson's correlation of the average ranks.</summary>
    public static double Spearman(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Kendall's τ-b: (concordant − discordant) / √((n0 − ties in x)(n0 − ties in y)) over all pairs.</summary>
    public static double KendallTauB(double[] x, double[] y)
    {
        long c = 0, d = 0, tx = 0, ty = 0, n0 = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                n0++;
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) tx++;
                if (sy == 0) ty++;
                if (sx * sy > 0) c++;
                else if (sx * sy < 0) d++;
            }
        double den = Math.Sqrt((double)(n0 - tx) * (n0 - ty));
        return den == 0 ? double.NaN : (c - d) / den;
    }

    /// <summary>1-based ranks, ties given their average rank.</summary>
    public static double[] Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var r = new double[v.Length];
        for (int a = 0; a < order.Length;)
        {
            int b = a;
            while (b + 1 < order.Length && v[order[b + 1]] == v[order[a]]) b++;
            for (int k = a; k <= b; k++) r[order[k]] = (a + b) / 2.0 + 1;
            a = b + 1;
        }
        return r;
    }
}
