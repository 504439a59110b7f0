using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Datasets;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;

namespace CimSim.Search.Accuracy;

/// <summary>
/// Everything the co-search knows about accuracy (docs/SEARCH.md §"Accuracy"): the NASWOT proxy of a network, the
/// trained model of a network structure (trained once through <see cref="INetworkTrainer"/> and cached on disk under
/// <c>models/</c>), and a design's chip-faithful accuracy (<see cref="ChipInference"/>) on the validation images and
/// on the test images. Splits of the dataset's training split (60,000 images for Fashion-MNIST): training = the first
/// <see cref="TrainingBudget.Images"/>; validation = the last <see cref="AccuracySpec.ValidationImages"/>; the proxy's
/// minibatch = the <see cref="AccuracySpec.ProxyImages"/> just before the validation images. The test split is used
/// once, for the best design and the baseline. Proxy scores and accuracies are appended to <c>accuracy.jsonl</c> as
/// they are measured, so <c>--resume</c> measures nothing twice; trained models are found again by their key.
/// Thread-safe for <see cref="Proxy"/> and the cached lookups; measurements run on the calling thread, and a training
/// on the calling thread or, from <see cref="TrainAhead"/>, on a thread of its own.
/// </summary>
public sealed class AccuracyOracle : IDisposable
{
    /// <summary>File name of the measurement log in the output directory.</summary>
    public const string LogFile = "accuracy.jsonl";
    /// <summary>Directory of trained models in the output directory.</summary>
    public const string ModelsDirectory = "models";

    private readonly SearchSpace _space;
    private readonly INetworkTrainer? _trainer;
    private readonly string? _dir;
    private readonly int _threads;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancel;
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lazy<TrainedModel>> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _ahead = new(StringComparer.Ordinal);
    private readonly List<Thread> _trainingAhead = [];
    private int _trained;
    private readonly object _gate = new();
    private readonly StreamWriter? _log;
    private LabeledImages? _train, _test;

    /// <summary>The space's accuracy section.</summary>
    public AccuracySpec Spec { get; }
    /// <summary>Models trained by this run (not found in the cache).</summary>
    public int Trained => Volatile.Read(ref _trained);
    /// <summary>Measurements read back from <c>accuracy.jsonl</c>.</summary>
    public int Loaded { get; }
    /// <summary>Progress lines (training, measuring) for the terminal.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// An oracle for <paramref name="space"/> (which must have an accuracy section). <paramref name="outDir"/>: where
    /// <c>accuracy.jsonl</c> and <c>models/</c> live (null: in memory; then a trainer writes to a temporary directory);
    /// <paramref name="resume"/> reads the log first.
    /// </summary>
    public AccuracyOracle(SearchSpace space, INetworkTrainer? trainer, string? outDir, bool resume, int threads, CancellationToken cancel = default)
    {
        _space = space;
        Spec = space.Accuracy ?? throw new ArgumentException("the space has no accuracy section", nameof(space));
        _trainer = trainer;
        _dir = outDir;
        _threads = Math.Max(1, threads);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _cancel = _stop.Token;
        if (outDir is null) return;
        Directory.CreateDirectory(outDir);
        string path = Path.Combine(outDir, LogFile);
        if (resume && File.Exists(path))
        {
            foreach (var line in File.ReadAllLines(path))
                if (AccuracyLogLine.TryRead(line) is { } r && r.Space == space.Fingerprint) // else: cut short by a kill, or another space
                {
                    _values[r.Key] = r.Value;
                    Loaded++;
                }
            _log = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }
        else _log = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    /// <summary>The dataset's training split (read once).</summary>
    public LabeledImages TrainSplit
    {
        get
        {
            lock (_gate)
            {
                if (_train is not null) return _train;
                var t = DatasetSource.Open(Spec.DatasetName, DatasetSplit.Train);
                int need = Spec.Training.Images + Spec.ValidationImages + Spec.ProxyImages;
                if (need > t.Count)
                    throw new InputException(_space.FileName, 0, 0, "accuracy",
                        $"training ({Spec.Training.Images}) + validation ({Spec.ValidationImages}) + proxy ({Spec.ProxyImages}) images = {need} > the {t.Count} of {t.Name}'s training split");
                return _train = t;
            }
        }
    }

    /// <summary>The images every network trains on.</summary>
    public LabeledImages TrainingImages => TrainSplit.Take(Spec.Training.Images);
    /// <summary>The validation images (phase 2's accuracy constraint).</summary>
    public LabeledImages ValidationImages => TrainSplit.Slice(TrainSplit.Count - Spec.ValidationImages, Spec.ValidationImages);
    /// <summary>The proxy's minibatch.</summary>
    public LabeledImages ProxyImages => TrainSplit.Slice(TrainSplit.Count - Spec.ValidationImages - Spec.ProxyImages, Spec.ProxyImages);

    /// <summary>The test images of the final measurement (the whole test split, or its first <see cref="AccuracySpec.TestImages"/>).</summary>
    public LabeledImages TestImages
    {
        get
        {
            lock (_gate)
            {
                _test ??= DatasetSource.Open(Spec.DatasetName, DatasetSplit.Test);
                return Spec.TestImages > 0 ? _test.Take(Spec.TestImages) : _test;
            }
        }
    }

    /// <summary>The structure of <paramref name="networkSpec"/>: its widths, at the chip's precisions (input bits dropped).</summary>
    public static string StructureOf(string networkSpec) =>
        string.Join(":", networkSpec.Split(':').Where(p => !p.StartsWith("input_bits=", StringComparison.Ordinal)));

    /// <summary>NASWOT score of the network <paramref name="networkSpec"/> (its structure; precisions do not enter).</summary>
    public double Proxy(string networkSpec)
    {
        string structure = StructureOf(networkSpec);
        string key = $"proxy|{Spec.ProxyKey}|{structure}";
        lock (_gate) if (_values.TryGetValue(key, out var v)) return v;
        var net = NetworkZoo.Create(structure, _space.Dataset);
        double score = Naswot.Score(net, ProxyImages, Spec.ProxyImages, Spec.ProxySeed, _threads).Score;
        Record(key, score);
        return score;
    }

    /// <summary>The proxy floor: <see cref="AccuracySpec.ProxyMinFraction"/> × the baseline network's score.</summary>
    public double ProxyFloor => Spec.ProxyMinFraction * Proxy(_space.NetworkSpec);

    /// <summary>Cache key of the trained model of a structure: structure, chip precisions, budget, data, trainer.</summary>
    public string ModelKey(string structure)
    {
        var chip = _space.BaseChip;
        string text = string.Join("\n", structure, _space.Dataset.Name, $"w{chip.WeightBits};i{chip.InputBits}", Spec.Training.Canonical,
            $"data={Spec.DatasetName};train={Spec.Training.Images}", _trainer?.Name ?? "none");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    /// <summary>Directory of the trained model of <paramref name="networkSpec"/>'s structure (it exists once <see cref="Model"/> has run).</summary>
    public string? ModelDirectory(string networkSpec) => _dir is null ? null : Path.GetFullPath(CacheDirectory(ModelKey(StructureOf(networkSpec))));

    private string CacheDirectory(string key) =>
        _dir is null ? Path.Combine(Path.GetTempPath(), "cimsim-models", key) : Path.Combine(_dir, ModelsDirectory, key);

    /// <summary>
    /// The trained model of <paramref name="networkSpec"/>'s structure: from <c>models/KEY</c> when it is there, else
    /// trained now (to <c>models/KEY.partial</c>, renamed when done) — or, when <see cref="TrainAhead"/> started it,
    /// when that training ends (its failure is thrown here).
    /// </summary>
    public TrainedModel Model(string networkSpec)
    {
        string structure = StructureOf(networkSpec);
        return Entry(structure, ModelKey(structure)).Value;
    }

    /// <summary>
    /// Starts training <paramref name="networkSpec"/>'s structure on a thread of its own, unless its model is cached or
    /// already asked for; <see cref="Model"/> then waits for it. The search trains the baseline this way while it runs
    /// phase 1 and trains the phase-1 winner: each training is single-threaded (docs/TRAINING.md), so on two cores
    /// the two overlap. Each draws from its own seed (<c>TorchRuntime.Configure</c>), so the models are the ones
    /// trained one after the other would be. What a training needs (a trainer, the images) is checked here, on the
    /// caller's thread.
    /// </summary>
    public void TrainAhead(string networkSpec)
    {
        string structure = StructureOf(networkSpec), key = ModelKey(structure);
        lock (_gate) if (_models.ContainsKey(key)) return;
        if (TrainedModel.IsModelDirectory(CacheDirectory(key))) return;
        _ = RequireTrainer();
        _ = TrainingImages;
        var entry = Entry(structure, key);
        // The outcome, a failure included, stays in the entry for Model's caller.
        var thread = new Thread(() => { try { _ = entry.Value; } catch (Exception) { } }) { IsBackground = true, Name = "cimsim training " + structure };
        lock (_gate) _trainingAhead.Add(thread);
        thread.Start();
    }

    /// <summary>Trainings started by <see cref="TrainAhead"/> that are still running (each holds one core).</summary>
    private int TrainingAhead
    {
        get { lock (_gate) return _trainingAhead.Count(t => t.IsAlive); }
    }

    private INetworkTrainer RequireTrainer() => _trainer ?? throw new InputException(_space.FileName, 0, 0, "accuracy",
        "this search trains networks, but no trainer is available (cimsim search supplies CimSim.Training's)");

    private Lazy<TrainedModel> Entry(string structure, string key)
    {
        lock (_gate)
        {
            if (!_models.TryGetValue(key, out var entry))
                _models[key] = entry = new Lazy<TrainedModel>(() => LoadOrTrain(structure, key), LazyThreadSafetyMode.ExecutionAndPublication);
            return entry;
        }
    }

    private TrainedModel LoadOrTrain(string structure, string key)
    {
        string dir = CacheDirectory(key);
        if (TrainedModel.IsModelDirectory(dir)) return TrainedModel.Load(dir, _space.Dataset.Name);
        var trainer = RequireTrainer();
        // A training killed midway left KEY.partial (the trainer may resume from its checkpoints there).
        string partial = dir + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        Progress?.Report($"training {structure} ({Spec.Training.Canonical})");
        var net = NetworkZoo.Create(structure, _space.Dataset);
        trainer.Train(new TrainingRequest
        {
            Network = net, NetworkSpec = structure, Chip = _space.BaseChip.ToMappingTarget(), Train = TrainingImages,
            Budget = Spec.Training, Directory = partial, Threads = _threads, Progress = Progress,
        }, _cancel);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.Move(partial, dir);
        Interlocked.Increment(ref _trained);
        return TrainedModel.Load(dir, _space.Dataset.Name);
    }

    /// <summary>A measured value, or null (no measurement).</summary>
    public double? Known(string key)
    {
        lock (_gate) return _values.TryGetValue(key, out var v) ? v : null;
    }

    /// <summary>Key of a design's validation accuracy.</summary>
    public static string ValidationKey(string designKey) => "validation|" + designKey;
    /// <summary>Key of a design's test accuracy.</summary>
    public static string TestKey(string designKey) => "test|" + designKey;

    /// <summary>
    /// Chip-faithful top-1 accuracy of the design <paramref name="realized"/> (null: the baseline chip as shipped
    /// with the base network) on the validation images (<paramref name="test"/> false) or the test images.
    /// </summary>
    public double Measure(string designKey, RealizedDesign? realized, bool test)
    {
        string key = test ? TestKey(designKey) : ValidationKey(designKey);
        if (Known(key) is { } v) return v;
        double accuracy;
        bool ahead;
        lock (_gate) ahead = _ahead.Remove(key, out accuracy);
        if (!ahead) accuracy = ChipAccuracy(designKey, realized, test);
        Record(key, accuracy);
        return accuracy;
    }

    /// <summary>
    /// Measures the design's test accuracy now if a training started ahead is still running — the core that would
    /// otherwise wait for it does the work a search needs at its end if this design is its answer — and keeps it
    /// unrecorded until <see cref="Measure"/> asks for it (so <c>accuracy.jsonl</c> does not depend on timing); else
    /// does nothing. The value is the one <see cref="Measure"/> would compute (the measurement does not depend on its
    /// thread count).
    /// </summary>
    public void MeasureTestAhead(string designKey, RealizedDesign realized)
    {
        string key = TestKey(designKey);
        lock (_gate) if (_values.ContainsKey(key) || _ahead.ContainsKey(key)) return;
        if (TrainingAhead == 0) return;
        double accuracy = ChipAccuracy(designKey, realized, test: true);
        lock (_gate) _ahead[key] = accuracy;
    }

    private double ChipAccuracy(string designKey, RealizedDesign? realized, bool test)
    {
        var chip = realized?.Chip ?? _space.BaseChip;
        var network = realized?.Network ?? _space.BaseNetwork;
        string spec = realized?.NetworkSpec ?? _space.NetworkSpec;
        var trained = Model(spec);
        var model = ForPrecisions(trained, network, chip.InputBits);
        var data = test ? TestImages : ValidationImages;
        // A training running ahead holds one core of the search's.
        int threads = Math.Max(1, _threads - TrainingAhead);
        Progress?.Report($"measuring {(test ? "test" : "validation")} accuracy of {designKey} on {data.Count} images");
        _cancel.ThrowIfCancellationRequested();
        return ChipInference.ChipAccuracy(model, chip.ToMappingTarget(), data, new InferenceOptions
        {
            MaxThreads = threads, Readouts = SimulationRunner.LayerReadouts(chip, model.Network),
        });
    }

    /// <summary>
    /// <paramref name="trained"/> on <paramref name="network"/> (the same structure, the design's precisions): a layer
    /// whose input precision differs from the one it was trained at loses its learned input step (it is calibrated).
    /// </summary>
    public static TrainedModel ForPrecisions(TrainedModel trained, Network network, int defaultInputBits)
    {
        var layers = new Dictionary<string, LayerParameters>(StringComparer.Ordinal);
        foreach (var l in network.Layers.Where(l => l.IsCrossbar))
        {
            var p = trained.Layers[l.Name];
            var had = trained.Network.Layers.First(x => x.Name == l.Name);
            bool same = (l.InputBits ?? defaultInputBits) == (had.InputBits ?? defaultInputBits);
            layers[l.Name] = same ? p : p with { InputStep = null, InputBits = l.InputBits };
        }
        return new TrainedModel
        {
            Network = network, Directory = trained.Directory, Layers = layers, Stage = trained.Stage, TestAccuracy = trained.TestAccuracy,
            DatasetName = trained.DatasetName,
        };
    }

    /// <summary>
    /// A model directory for the design <paramref name="realized"/>: the trained model of its structure (its .npy files
    /// copied) with a model.yaml naming the design's network spec and each crossbar layer's input bits — a layer whose
    /// input precision differs from the trained one has no input step (it is calibrated, as in the search's own
    /// measurements). <c>cimsim run --arch best.yaml --network DIR</c> then runs chip and trained network together.
    /// Written once (to a temporary name, then renamed); returns its path, or null without an output directory.
    /// </summary>
    public string? WriteDesignModel(RealizedDesign realized)
    {
        if (_dir is null) return null;
        string dest = Path.GetFullPath(Path.Combine(_dir, ModelsDirectory, "design-" + Fingerprint.Of(realized.Design.Key)));
        if (TrainedModel.IsModelDirectory(dest)) return dest;
        var trained = Model(realized.NetworkSpec);
        var model = ForPrecisions(trained, realized.Network, _space.BaseChip.InputBits);
        string tmp = dest + ".partial";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        foreach (var f in Directory.EnumerateFiles(trained.Directory, "*.npy")) File.Copy(f, Path.Combine(tmp, Path.GetFileName(f)));
        var layers = realized.Network.Layers.Where(l => l.IsCrossbar).Select(l =>
        {
            var p = model.Layers[l.Name];
            // Integer weights keep the trained model's step (the file's weights are the codes).
            double? ws = p.IntegerWeights ? trained.Layers[l.Name].WeightStep : p.WeightStep;
            return new ModelManifest.Layer(l.Name, p.WeightBits, l.InputBits ?? _space.BaseChip.InputBits, ws, p.InputStep, p.AlphaStep);
        }).ToList();
        var manifest = new ModelManifest(realized.NetworkSpec, _space.Dataset.Name,
            $"cimsim search (design {realized.Design.Key}; trained model {trained.Directory})") { Stage = trained.Stage, Layers = layers };
        File.WriteAllText(Path.Combine(tmp, "model.yaml"), manifest.ToYaml());
        if (Directory.Exists(dest)) Directory.Delete(dest, recursive: true);
        Directory.Move(tmp, dest);
        return dest;
    }

    private void Record(string key, double value)
    {
        lock (_gate)
        {
            _values[key] = value;
            if (_log is null) return;
            _log.Write(new AccuracyLogLine(AccuracyLogLine.SchemaTag, _space.Fingerprint, key, value).ToLine() + "\n");
            _log.Flush();
        }
    }

    /// <summary>Formats an accuracy as a percentage with two decimals.</summary>
    public static string Percent(double? a) => a is { } v ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>Closes the log and asks a training still running ahead to stop at its next check.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        lock (_gate) _log?.Dispose();
    }
}
