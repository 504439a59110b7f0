using CimSim.Simulator.Architecture;
using CimSim.Simulator.Runs;
using CimSim.Workloads.Mapping;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Yaml;

namespace CimSim.Search.Space;

/// <summary>
/// Reads a search-space YAML file (docs/SEARCH.md) into a checked <see cref="SearchSpace"/>. Every problem is an
/// <see cref="InputException"/> naming the file, line, column and dotted field; problems in the base chip are
/// reported in the chip's own file.
/// </summary>
public static class SearchSpaceLoader
{
    private static readonly string[] KnobKeys = ["channels", "readout", "adc_type", "column_sharing", "adc_bits", "input_bits"];
    private static readonly string[] ObjectiveNames = ["latency", "energy", "edap", "mix"];

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static SearchSpace LoadFile(string path)
    {
        return LoadText(YamlText.ReadFile(path), path);
    }

    /// <summary>Loads YAML text; <paramref name="fileName"/> names it in messages and resolves <c>base.chip</c>.</summary>
    public static SearchSpace LoadText(string yaml, string fileName)
    {
        var root = YamlSection.Parse(yaml, fileName, "name", "base", "layers", "knobs", "layer_knobs", "phase1", "objective", "constraints", "search", "accuracy");
        string name = root.Text("name", true)!;
        if (string.IsNullOrWhiteSpace(name)) throw root.Error("name", "must not be empty (it names the search space's outputs)");

        var b = root.Section("base", true, "chip", "set", "network", "dataset", "seed")!;
        string chipRel = b.Text("chip", true)!;
        string chipPath = Path.IsPathRooted(chipRel) ? chipRel : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".", chipRel);
        if (!File.Exists(chipPath)) throw b.Error("chip", $"chip file '{chipRel}' not found (looked for {chipPath})");
        var (chipText, chip) = BaseChip(b, chipPath, fileName);
        if (chip.Floorplan != FloorplanKind.None || chip.LayerPeripherals.Count > 0)
            throw b.Error("chip", $"{Path.GetFileName(chipPath)} gives layers tiles or peripherals of their own ({(chip.Floorplan != FloorplanKind.None ? "hierarchy.floorplan" : "layers:")}); a search's base chip must not: the search chooses each layer's peripherals");
        if (chip.ClockFromSensingPath)
            throw b.Error("chip", $"{Path.GetFileName(chipPath)} takes its clock from its subarrays' sensing path (technology.clock), which the search's ADC choices would change; give the clock (clock_ghz or clock_period_ps)");
        string netSpec = b.Text("network", true)!;
        if (!NetworkZoo.IsZooSpec(netSpec))
            throw b.Error("network", $"'{netSpec}' is not a zoo network ({string.Join(", ", NetworkZoo.Names)}); a search writes its designs as zoo specs");
        var dataset = b.Has("dataset") ? Wrap(b, "dataset", () => Dataset.Get(b.Text("dataset", true)!, "base.dataset")) : NetworkZoo.DefaultDataset(netSpec);
        var network = Wrap(b, "network", () => NetworkZoo.Create(netSpec, dataset));
        chip = ChipAssembly.SizedFor(chip, network); // a chip with tiles: auto is the baseline as it holds the base network
        BaselineFits(b, chip, network, chipPath);
        ulong compileSeed = (ulong)b.Long("seed", 0, long.MaxValue, 1);

        var convs = network.Layers.Where(l => l.Op == LayerOp.Conv).ToList();
        IReadOnlyList<string> names;
        if (root.Has("layers"))
        {
            var listed = root.Values("layers", true)!;
            var seen = new HashSet<string>();
            foreach (var (text, at) in listed)
            {
                if (!convs.Any(l => l.Name == text))
                    throw root.Error(at, "layers", $"'{text}' is not a conv layer of {network.Name}; its conv layers: {string.Join(", ", convs.Select(l => l.Name))}");
                if (!seen.Add(text)) throw root.Error(at, "layers", $"'{text}' is listed twice");
            }
            names = convs.Select(l => l.Name).Where(seen.Contains).ToArray();
        }
        else names = convs.Select(l => l.Name).ToArray();

        bool vgg = netSpec.Split(':')[0].StartsWith("vgg", StringComparison.OrdinalIgnoreCase);
        var knobs = root.Section("knobs", false, KnobKeys);
        var perLayer = root.Section("layer_knobs", false);
        if (perLayer is not null)
            foreach (var key in perLayer.Keys)
                if (!names.Contains(key))
                    throw perLayer.Error(key, $"'{key}' is not a searched layer; searched: {string.Join(", ", names)}");

        var layers = new List<SearchedLayer>();
        foreach (var layerName in names)
        {
            var layer = convs.First(l => l.Name == layerName);
            var baseChoice = BaseChoice(chip, layer);
            var own = perLayer?.Section(layerName, false, KnobKeys);
            var set = ReadKnobs(knobs, own, baseChoice, chip, vgg);
            layers.Add(new SearchedLayer(layerName, set, baseChoice));
        }

        var p1 = root.Section("phase1", false, "adc_bits", "input_bits");
        int phase1Adc = p1?.Int("adc_bits", 1, 16, chip.Readout == ReadoutKind.Adc ? chip.AdcBits : layers.SelectMany(l => l.Knobs.AdcBits).DefaultIfEmpty(5).Max())
            ?? (chip.Readout == ReadoutKind.Adc ? chip.AdcBits : layers.SelectMany(l => l.Knobs.AdcBits).DefaultIfEmpty(5).Max());
        int? phase1Input = p1 is not null && p1.Has("input_bits") ? p1.Int("input_bits", chip.DacBits, 16) : null;

        return new SearchSpace
        {
            Name = name, FileName = fileName, BaseChipPath = chipPath, BaseChipText = chipText, BaseChip = chip, NetworkSpec = netSpec,
            Dataset = dataset, BaseNetwork = network, CompileSeed = compileSeed, Layers = layers,
            Phase1AdcBits = phase1Adc, Phase1InputBits = phase1Input,
            Objective = ReadObjective(root), Constraints = ReadConstraints(root), Budget = ReadBudget(root), Accuracy = ReadAccuracy(root, dataset),
            Fingerprint = Fingerprint.Of(yaml.Replace("\r\n", "\n") + "\n--\n" + InputFiles.ReadAllText(chipPath).Replace("\r\n", "\n")),
        };
    }

    /// <summary>
    /// The base chip's text with <c>base.set</c>'s values (dotted chip fields the file has, e.g.
    /// <c>crossbar.signed_weights: differential</c>) written in place, and the chip it describes. A value the chip
    /// loader refuses is reported at its <c>base.set</c> line; any other problem in the chip file's own.
    /// </summary>
    private static (string Text, ChipSpec Chip) BaseChip(YamlSection b, string chipPath, string spaceFile)
    {
        string text = InputFiles.ReadAllText(chipPath).Replace("\r\n", "\n");
        var set = b.Section("set", false);
        if (set is null) return (text, ArchitectureLoader.LoadText(text, chipPath));
        string comment = $"set by base.set of the search space {Path.GetFileName(spaceFile)}";
        foreach (var key in set.Keys)
        {
            try { text = ChipYamlEdit.SetInPlace(text, [(key, set.Text(key, true)!)], comment); }
            catch (ArgumentException e) { throw set.Error(key, $"{e.Message} ({chipPath})"); }
        }
        try { return (text, ArchitectureLoader.LoadText(text, chipPath)); }
        catch (InputException e) when (e.Field is not null && set.Has(e.Field))
        {
            throw set.Error(e.Field, $"'{set.Text(e.Field, true)}' in the chip {Path.GetFileName(chipPath)}: {e.Reason}");
        }
    }

    /// <summary>The baseline's choice for <paramref name="layer"/>: the chip's readout and the layer's own or the chip's precision.</summary>
    public static LayerChoice BaseChoice(ChipSpec chip, Layer layer)
    {
        int inputBits = layer.InputBits ?? chip.InputBits;
        return chip.Readout == ReadoutKind.Adc
            ? LayerChoice.Adc(layer.Output.Channels, chip.AdcType!.Value, chip.AdcBits, chip.ColumnSharing, inputBits)
            : LayerChoice.Comparator(layer.Output.Channels, chip.Readout, inputBits);
    }

    private static KnobSet ReadKnobs(YamlSection? all, YamlSection? own, LayerChoice b, ChipSpec chip, bool vgg)
    {
        YamlSection? From(string key) => own is not null && own.Has(key) ? own : all is not null && all.Has(key) ? all : null;

        var channels = From("channels") is { } c ? c.IntList("channels", 1, 65536, true)! : [b.Channels];
        if (!vgg && (channels.Count != 1 || channels[0] != b.Channels))
            throw From("channels")!.Error("channels", "output channels can be searched only for VGG zoo networks (the zoo spec sets their widths)");
        var readouts = From("readout") is { } r ? r.EnumList<ReadoutKind>("readout", true)! : [b.Readout];
        if (readouts.Any(k => k != ReadoutKind.Adc) && chip.ReadoutSpec.ScaleFactorUnit is null)
            throw From("readout")!.Error("readout", $"binary/ternary readout needs the base chip to describe its scale_factor_unit ({chip.FileName} has none)");
        bool adc = readouts.Contains(ReadoutKind.Adc);
        var types = From("adc_type") is { } t ? t.EnumList<AdcType>("adc_type", true)! : b.AdcType is { } bt ? [bt] : [];
        var sharing = From("column_sharing") is { } s ? s.IntList("column_sharing", 1, 4096, true)! : b.Readout == ReadoutKind.Adc ? [b.ColumnSharing] : [];
        var adcBits = From("adc_bits") is { } a ? a.IntList("adc_bits", ReadoutSpec.MinAdcBits, ReadoutSpec.MaxAdcBits, true)! : b.Readout == ReadoutKind.Adc ? [b.AdcBits] : [];
        var inputBits = From("input_bits") is { } i ? i.IntList("input_bits", chip.DacBits, 16, true)! : [b.InputBits];
        if (adc)
        {
            if (types.Count == 0) throw (From("readout") ?? all ?? own)!.Error("adc_type", "ADC readout is searched but no adc_type is given and the base chip has no ADC");
            if (sharing.Count == 0) throw (From("readout") ?? all ?? own)!.Error("column_sharing", "ADC readout is searched but no column_sharing is given and the base chip has no ADC");
            if (adcBits.Count == 0) throw (From("readout") ?? all ?? own)!.Error("adc_bits", "ADC readout is searched but no adc_bits are given and the base chip has no ADC");
            foreach (int m in sharing)
                if (!ReadoutSpec.SharingDivides(m, chip.Columns))
                    throw From("column_sharing")!.Error("column_sharing", $"{m} columns per ADC must divide the crossbar's {chip.Columns} columns");
        }
        return new KnobSet(channels, readouts, types, sharing, adcBits, inputBits);
    }

    private static SearchObjective ReadObjective(YamlSection root)
    {
        var o = root.Section("objective", false, "minimize", "weights");
        if (o is null) return new SearchObjective(ObjectiveKind.Latency);
        var kind = Enum.Parse<ObjectiveKind>(o.Choice("minimize", ObjectiveNames, "latency"), true);
        var w = o.Section("weights", kind == ObjectiveKind.Mix, "latency", "energy", "edap", "area");
        if (kind != ObjectiveKind.Mix)
            return w is null ? new SearchObjective(kind) : throw o.Error("weights", "weights are used only with 'minimize: mix'");
        double L = w!.Double("latency", 0, 1e6, false) ?? 0, E = w.Double("energy", 0, 1e6, false) ?? 0,
               D = w.Double("edap", 0, 1e6, false) ?? 0, A = w.Double("area", 0, 1e6, false) ?? 0;
        if (L + E + D + A <= 0) throw o.Error("weights", "at least one weight must be positive");
        return new SearchObjective(kind, L, E, D, A);
    }

    private static SearchConstraints ReadConstraints(YamlSection root)
    {
        var c = root.Section("constraints", false, "area_mm2", "min_sqnr_db", "min_capacity");
        if (c is null) return new SearchConstraints(null, 0, null, null, null);
        double? target = null, tol = 0;
        if (c.Section("area_mm2", false, "target", "tolerance") is { } a)
        {
            target = a.Double("target", 1e-6, 1e9, true);
            tol = a.Double("tolerance", 0, 0.999, false) ?? 0.05;
        }
        bool fromBaseline = c.Text("min_sqnr_db", false) == "baseline";
        double? sqnr = fromBaseline ? null : c.Double("min_sqnr_db", -100, 300, false);
        double? macs = null, weights = null;
        if (c.Section("min_capacity", false, "macs", "weights") is { } cap)
        {
            macs = cap.Double("macs", 0, 100, false);
            weights = cap.Double("weights", 0, 100, false);
        }
        return new SearchConstraints(target, tol!.Value, sqnr, macs, weights, fromBaseline);
    }

    private static AccuracySpec? ReadAccuracy(YamlSection root, Dataset dataset)
    {
        var a = root.Section("accuracy", false, "dataset", "proxy", "training", "validation", "max_drop", "test_images");
        if (a is null) return null;
        string ds = a.Text("dataset", true)!;
        if (!ds.Equals(CimSim.Workloads.Datasets.DatasetSource.FashionMnist, StringComparison.OrdinalIgnoreCase))
            throw a.Error("dataset", $"'{ds}': the search trains on a named dataset with a training split; known: {CimSim.Workloads.Datasets.DatasetSource.FashionMnist}");
        if (!string.Equals(dataset.Name, ds, StringComparison.OrdinalIgnoreCase))
            throw a.Error("dataset", $"'{ds}' is not the network's dataset (base.dataset: {dataset.Name})");
        var p = a.Section("proxy", false, "images", "seed", "min_fraction");
        var t = a.Section("training", true, "float_epochs", "qat_epochs", "images", "seed")!;
        var v = a.Section("validation", false, "images", "designs");
        var training = new TrainingBudget
        {
            FloatEpochs = t.Int("float_epochs", 0, 1000, 1), QatEpochs = t.Int("qat_epochs", 0, 1000, 1),
            Images = t.Int("images", 1, 10_000_000, 10_000), Seed = t.Long("seed", 0, long.MaxValue, 1),
        };
        if (training.FloatEpochs + training.QatEpochs == 0) throw t.Error("float_epochs", "train for at least one epoch (float_epochs + qat_epochs ≥ 1)");
        return new AccuracySpec
        {
            DatasetName = ds.ToLowerInvariant(),
            ProxyImages = p?.Int("images", 2, 4096, 128) ?? 128,
            ProxySeed = (ulong)(p?.Long("seed", 0, long.MaxValue, 1) ?? 1),
            ProxyMinFraction = p?.Double("min_fraction", 0, 10, false) ?? 0.97,
            Training = training,
            ValidationImages = v?.Int("images", 1, 1_000_000, 200) ?? 200,
            ValidationDesigns = v?.Int("designs", 1, 100_000, 8) ?? 8,
            MaxDrop = a.Double("max_drop", 0, 1, false) ?? 0.01,
            TestImages = a.Int("test_images", 0, 10_000_000, 0),
        };
    }

    private static SearchBudget ReadBudget(YamlSection root)
    {
        var s = root.Section("search", false, "evaluations", "population", "seed", "optimizers");
        int evals = s?.Int("evaluations", 2, 1_000_000, 32) ?? 32;
        int pop = s?.Int("population", 2, 10_000, 8) ?? 8;
        ulong seed = (ulong)(s?.Long("seed", 0, long.MaxValue, 1) ?? 1);
        string[] known = [SearchBudget.LagrangianDp, SearchBudget.Evolution];
        IReadOnlyList<string> opt = known;
        if (s?.Values("optimizers", false) is { } list)
        {
            var chosen = new List<string>();
            foreach (var (text, at) in list)
            {
                if (!known.Contains(text)) throw s.Error(at, "search.optimizers", $"unknown optimizer '{text}'; expected one of: {string.Join(", ", known)}");
                if (chosen.Contains(text)) throw s.Error(at, "search.optimizers", $"'{text}' is listed twice");
                chosen.Add(text);
            }
            opt = chosen;
        }
        return new SearchBudget(evals, pop, seed, opt);
    }

    /// <summary>
    /// The baseline (the base network on the base chip) must fit: a chip with too few tiles is reported before the search
    /// starts, at <c>base.set</c>'s <c>hierarchy.tiles</c> when the space sets it there, else at <c>base.chip</c>.
    /// </summary>
    private static void BaselineFits(YamlSection b, ChipSpec chip, Network network, string chipPath)
    {
        if (chip.AutoTiles) return; // sized to hold it (ChipAssembly.SizedFor)
        try { SimulationRunner.LayerTiles(chip, network); }
        catch (InputException e) when (e.File is null)
        {
            if (b.Section("set", false) is { } set && set.Has("hierarchy.tiles")) throw set.Error("hierarchy.tiles", e.Reason);
            throw b.Error("chip", $"{e.Reason} (the chip {chipPath})");
        }
    }

    private static T Wrap<T>(YamlSection at, string key, Func<T> f)
    {
        try { return f(); }
        catch (InputException e) when (e.File is null) { throw at.Error(key, e.Reason); }
    }
}
