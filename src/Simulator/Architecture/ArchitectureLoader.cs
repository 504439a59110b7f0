using System.Globalization;
using CimSim.Components.Costs;
using CimSim.Components.Crossbar;
using CimSim.Components.Technology;
using CimSim.Workloads.Mapping;
using CimSim.Kernel;
using YamlDotNet.RepresentationModel;
using CimSim.Workloads.Yaml;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// Reads an architecture YAML file (docs/ARCHITECTURE_YAML.md) into a validated <see cref="ChipSpec"/>.
/// Every problem — syntax, unknown key, wrong type, missing field, value out of range, inconsistent fields —
/// is an <see cref="InputException"/> naming the file, line, column and dotted field.
/// </summary>
public static class ArchitectureLoader
{
    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    public static ChipSpec LoadFile(string path)
    {
        return LoadText(YamlText.ReadFile(path), path);
    }

    /// <summary>Loads and validates YAML text; <paramref name="fileName"/> is used in messages.</summary>
    public static ChipSpec LoadText(string yaml, string fileName)
    {
        var rootNode = YamlText.LoadRoot(yaml, fileName);
        var positions = new YamlSection.Positions(fileName);
        var spec = Read(rootNode, positions, fileName);
        foreach (var p in spec.Problems())
            throw positions.Error(positions.Find(p.At ?? p.Field), p.Field, p.Reason);
        if (!spec.ClockFromSensingPath) return spec;
        // NeuroSim's clkFreq = min(its clkFreq, 1 / sensing path): the file's clock, if any, is the fastest allowed.
        long sensingPs = (long)Math.Round(spec.SensingPathClock().PeriodS * 1e12);
        return spec with { ClockPeriodPs = Math.Max(spec.ClockPeriodPs, sensingPs) };
    }

    private static ChipSpec Read(YamlNode rootNode, YamlSection.Positions positions, string fileName)
    {
        var root = YamlSection.Root(rootNode, positions, "name", "technology", "hierarchy", "crossbar", "precision",
            "input_drive", "readout", "scale_factor_unit", "shift_add", "accumulator", "activation", "pooling", "control",
            "buffers", "interconnect", "overrides", "models", "layers");

        var tech = root.Section("technology", true, "node_nm", "roadmap", "vdd_v", "clock", "clock_ghz", "clock_period_ps", "preset")!;
        int node = tech.Int("node_nm");
        var roadmap = tech.Enum<DeviceRoadmap>("roadmap", DeviceRoadmap.Lstp);
        var preset = tech.Enum<CostPreset>("preset", CostPreset.NeuroSim);
        // Defaults come from the node's constants; an unsupported node is reported by the spec's rules.
        var nominal = TechnologyNode.SupportedNodes.Contains(node) ? TechnologyNode.Get(node, roadmap) : null;
        double vdd = tech.Double("vdd_v", nominal?.VddV ?? 0);
        bool sensingPath = ReadClockSource(tech);
        long clockPs = sensingPath && !tech.Has("clock_ghz") && !tech.Has("clock_period_ps") ? 1 : ReadClock(tech);

        var hier = root.Section("hierarchy", true, "tiles", "pes_per_tile", "crossbars_per_pe", "floorplan", "dataflow")!;
        bool autoTiles = hier.String("tiles") == "auto";
        var floorplan = ReadFloorplan(hier, autoTiles);
        var dataflow = ReadDataflow(hier, floorplan);
        // A floorplan sets these when the chip is sized for a network (1 until then).
        int pesPerTile = floorplan == FloorplanKind.None ? hier.Int("pes_per_tile") : 1;
        int crossbarsPerPe = floorplan == FloorplanKind.None ? hier.Int("crossbars_per_pe") : 1;
        var xbar = root.Section("crossbar", true, "rows", "columns", "bits_per_cell", "device", "signed_weights",
            "read_voltage_v", "column_resistance_ohm", "read_time_ns")!;
        var device = xbar.Enum<CellDevice>("device");
        int columns = xbar.Int("columns");
        double defaultReadTime = preset == CostPreset.Puma ? CrossbarModel.PumaReadTimeNs
            : device == CellDevice.Sram ? CrossbarModel.SramReadTimeNs : CrossbarModel.RramReadTimeNs;
        var precision = root.Section("precision", true, "weight_bits", "input_bits")!;
        int inputBits = precision.Int("input_bits");
        var drive = root.Section("input_drive", false, "dac_bits");

        var readout = root.Section("readout", true, "kind", "adc", "sense_time_ns", "comparator_energy_fj")!;
        var sfu = root.Section(ScaleFactorUnitSpec.Section, false, "bits", "array_rows", "array_columns", "columns_per_cycle",
            "zero_skipping", "accumulator_bits", "crossbars_per_unit", "sram_read_energy_fj_per_bit");
        var readoutSpec = ReadReadout(readout, chip: true) with
        {
            Comparator = new ComparatorSpec(readout.Double("sense_time_ns", ComparatorSpec.DefaultSenseTimeNs), readout.OptionalDouble("comparator_energy_fj")),
            ScaleFactorUnit = sfu is null ? null : new ScaleFactorUnitSpec(sfu.Int("bits"), sfu.Int("array_rows"), sfu.Int("array_columns"),
                sfu.Int("columns_per_cycle"), sfu.Bool("zero_skipping"), sfu.Int("accumulator_bits"),
                sfu.Int("crossbars_per_unit", ScaleFactorUnitSpec.DefaultCrossbarsPerUnit), sfu.OptionalDouble("sram_read_energy_fj_per_bit")),
        };
        var kind = readoutSpec.Kind;
        var shiftAdd = root.Section("shift_add", false, "bits");
        var acc = root.Section("accumulator", false, "bits", "lanes_per_pe");
        int accBits = acc?.Int("bits", 32) ?? 32;
        var act = root.Section("activation", false, "bits", "lanes_per_tile");
        var pool = root.Section("pooling", false, "bits", "lanes_per_tile");
        var control = root.Section("control", false, "gates_per_tile");
        var buffers = root.Section("buffers", true, "pe", "tile", "global")!;
        var pe = buffers.Section("pe", true, "size_bytes", "width_bits")!;
        var tile = buffers.Section("tile", true, "size_bytes", "width_bits")!;
        var global = buffers.Section("global", true, "size_bytes", "width_bits")!;
        var net = root.Section("interconnect", true, "htree", "mesh")!;
        var htree = net.Section("htree", true, "width_bits", "latency_cycles")!;
        var mesh = net.Section("mesh", true, "width_bits", "hop_latency_cycles")!;

        var spec = new ChipSpec
        {
            Name = root.String("name"),
            FileName = fileName,
            NodeNm = node, Roadmap = roadmap, VddV = vdd, ClockPeriodPs = clockPs, ClockFromSensingPath = sensingPath, Preset = preset,
            Tiles = autoTiles ? 0 : ReadTiles(hier), AutoTiles = autoTiles, Floorplan = floorplan, Dataflow = dataflow,
            PesPerTile = pesPerTile, CrossbarsPerPe = crossbarsPerPe,
            Rows = xbar.Int("rows"), Columns = columns, BitsPerCell = xbar.Int("bits_per_cell"), Device = device,
            SignedWeights = xbar.Enum<SignedWeightScheme>("signed_weights"),
            ReadVoltageV = xbar.Double("read_voltage_v", nominal?.DefaultReadVoltageV ?? 0),
            ColumnResistanceOhm = xbar.Double("column_resistance_ohm", 12_500),
            CrossbarReadTimeNs = xbar.Double("read_time_ns", defaultReadTime),
            WeightBits = precision.Int("weight_bits"), InputBits = inputBits,
            DacBits = drive?.Int("dac_bits", 1) ?? 1,
            ReadoutSpec = readoutSpec,
            ShiftAddBits = shiftAdd?.OptionalInt("bits") ?? 0,
            AccumulatorBits = accBits,
            AccumulatorLanesPerPe = acc?.Int("lanes_per_pe", columns) ?? columns,
            ActivationBits = act?.Int("bits", accBits) ?? accBits,
            ActivationLanesPerTile = act?.Int("lanes_per_tile", columns) ?? columns,
            PoolingBits = pool?.Int("bits", inputBits) ?? inputBits,
            PoolingLanesPerTile = pool?.Int("lanes_per_tile", columns) ?? columns,
            ControlGatesPerTile = control?.Int("gates_per_tile", 2000) ?? 2000,
            PeBufferBytes = pe.Long("size_bytes"), PeBufferWidthBits = pe.Int("width_bits"),
            TileBufferBytes = tile.Long("size_bytes"), TileBufferWidthBits = tile.Int("width_bits"),
            GlobalBufferBytes = global.Long("size_bytes"), GlobalBufferWidthBits = global.Int("width_bits"),
            HTreeWidthBits = floorplan == FloorplanKind.None ? htree.Int("width_bits") : NotWithFloorplan(htree, "width_bits"), HTreeLatencyCycles = htree.Int("latency_cycles", 1),
            MeshWidthBits = floorplan == FloorplanKind.None ? mesh.Int("width_bits") : NotWithFloorplan(mesh, "width_bits"), MeshHopLatencyCycles = mesh.Int("hop_latency_cycles", 2),
            Overrides = ReadOverrides(root),
            Models = ReadModels(root),
            LayerPeripherals = ReadLayers(root, readoutSpec, floorplan, pesPerTile, crossbarsPerPe),
        };
        // Sections the file gives but no tile uses (a rule about the file, not the spec: split sub-chips drop layers).
        if (sfu is not null && !spec.UsesComparators)
            throw root.Error(ScaleFactorUnitSpec.Section, "only used with binary or ternary readout (readout.kind is adc and no layer uses comparators)");
        if (readoutSpec.AdcRange != AdcRange.Unit && !spec.UsesAdc)
            throw root.Error("readout.adc.range", $"only used with ADC readout (readout.kind is {kind.ToString().ToLowerInvariant()} and no layer uses an ADC)");
        if (shiftAdd is not null && !spec.UsesAdc)
            throw root.Error("shift_add", $"only used with ADC readout (readout.kind is {kind.ToString().ToLowerInvariant()} and no layer uses an ADC)");
        return spec;
    }

    /// <summary><c>hierarchy.floorplan</c>: none, or NeuroSim's, which needs <c>tiles: auto</c> and sets the PEs, crossbars
    /// per PE and H-tree width itself.</summary>
    private static FloorplanKind ReadFloorplan(YamlSection hier, bool autoTiles)
    {
        var kind = Choice(hier, "floorplan", FloorplanKind.None, ("neurosim", FloorplanKind.NeuroSim), ("neurosim-conventional", FloorplanKind.NeuroSimConventional));
        if (kind == FloorplanKind.None) return kind;
        if (!autoTiles) throw hier.Error("tiles", "a floorplan sizes the chip for each network: give tiles: auto");
        foreach (var key in new[] { "pes_per_tile", "crossbars_per_pe" }) NotWithFloorplan(hier, key);
        return kind;
    }

    /// <summary><c>hierarchy.dataflow</c>: streaming (default), or NeuroSim's layer-serial dataflow, which sizes its buffers
    /// and trees from NeuroSim's floorplan and so needs one.</summary>
    private static DataflowKind ReadDataflow(YamlSection hier, FloorplanKind floorplan)
    {
        var kind = Choice(hier, "dataflow", DataflowKind.Streaming, ("streaming", DataflowKind.Streaming), ("neurosim", DataflowKind.NeuroSim));
        if (kind == DataflowKind.NeuroSim && floorplan == FloorplanKind.None)
            throw hier.Error("dataflow", "neurosim sizes its buffers and adder trees from NeuroSim's floorplan: give floorplan: neurosim or neurosim-conventional");
        return kind;
    }

    /// <summary>A field NeuroSim's floorplan sets: refused when given (one value, 1, until the chip is sized).</summary>
    private static int NotWithFloorplan(YamlSection section, string key) =>
        section.Has(key) ? throw section.Error(key, "set by hierarchy.floorplan for each network; leave it out") : 1;

    /// <summary><c>hierarchy.tiles</c> as a number (<c>auto</c> is read by the caller).</summary>
    private static int ReadTiles(YamlSection hier) =>
        int.TryParse(hier.String("tiles"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? hier.Int("tiles")
        : throw hier.Error("tiles", $"expected a whole number of tiles or auto, got '{hier.String("tiles")}'");

    /// <summary><c>technology.clock</c>: <c>sensing-path</c> derives the period from NeuroSim's subarrays (the loader sets it once
    /// the chip is valid); absent, the file gives it.</summary>
    private static bool ReadClockSource(YamlSection tech) => Choice(tech, "clock", false, ("sensing-path", true));

    /// <summary>A field of named values (<see cref="YamlSection.Choice"/>): <paramref name="absent"/> when the file leaves it
    /// out, else the value its name stands for.</summary>
    private static T Choice<T>(YamlSection section, string key, T absent, params (string Name, T Value)[] values)
    {
        if (!section.Has(key)) return absent;
        string name = section.Choice(key, [.. values.Select(v => v.Name)]);
        return values.First(v => v.Name == name).Value;
    }

    private static long ReadClock(YamlSection tech)
    {
        bool ghz = tech.Has("clock_ghz"), ps = tech.Has("clock_period_ps");
        if (ghz == ps)
            throw tech.Error(ghz ? "clock_period_ps" : "clock_ghz",
                ghz ? "give either clock_ghz or clock_period_ps, not both" : "missing required field 'clock_ghz' (or 'clock_period_ps') in 'technology'");
        if (ps) return tech.Long("clock_period_ps");
        double f = tech.Double("clock_ghz");
        if (!(f > 0)) throw tech.Error("clock_ghz", $"must be positive, got {f}");
        try { return ClockDomain.FromFrequencyGhz("chip", f).PeriodPs; }
        catch (ArgumentOutOfRangeException)
        {
            throw tech.Error("clock_ghz", string.Create(CultureInfo.InvariantCulture,
                $"{f} GHz has a period of {1000.0 / f:0.###} ps, not a whole number of picoseconds; give clock_period_ps instead"));
        }
    }

    /// <summary>The <c>layers:</c> entries: each gives a readout, a hierarchy or both (the chip's where it gives none).</summary>
    private static List<LayerPeripherals> ReadLayers(YamlSection root, ReadoutSpec chipReadout, FloorplanKind floorplan, int pesPerTile, int crossbarsPerPe) =>
        root.List("layers", "layer", "readout", "hierarchy", "interconnect").Select(item =>
        {
            string layer = item.String("layer");
            var readout = item.Section("readout", false, "kind", "adc");
            var hier = item.Section("hierarchy", false, "tiles", "pes_per_tile", "crossbars_per_pe");
            var htree = item.Section("interconnect", false, "htree")?.Section("htree", true, "width_bits");
            if (readout is null && hier is null && htree is null)
                throw item.Error("readout", $"layer '{layer}': give the layer's own readout, hierarchy, interconnect or more");
            if (floorplan != FloorplanKind.None && (hier is not null || htree is not null))
                throw item.Error(hier is not null ? "hierarchy" : "interconnect", "the chip's hierarchy.floorplan sets every layer's tiles and H-tree; leave it out");
            var tiling = hier is null ? null
                : new LayerTiling(hier.Int("pes_per_tile", pesPerTile), hier.Int("crossbars_per_pe", crossbarsPerPe), hier.Int("tiles", 0));
            return new LayerPeripherals(layer, readout is null ? chipReadout : ReadReadout(readout, chip: false), item.Line)
            {
                Tiling = tiling, HTreeWidthBits = htree?.Int("width_bits"),
            };
        }).ToList();

    /// <summary>The one parse of a readout choice (<c>kind</c> and <c>adc</c>), for the chip and for each layer; defaults from <see cref="ReadoutSpec"/>
    /// (a layer's tiles take the chip's comparators and scale-factor unit).</summary>
    /// <remarks>The chip's <c>adc</c> also takes <c>range</c>, the ADCs' circuit; a layer's ADC choice uses the chip's.</remarks>
    private static ReadoutSpec ReadReadout(YamlSection readout, bool chip)
    {
        var adc = chip ? readout.Section("adc", false, "type", "bits", "column_sharing", "range")
            : readout.Section("adc", false, "type", "bits", "column_sharing");
        return new ReadoutSpec(readout.Enum<ReadoutKind>("kind"), adc?.Enum<AdcType>("type"), adc?.Int("bits") ?? 0,
            adc?.Int("column_sharing") ?? ReadoutSpec.DefaultColumnSharing)
        {
            AdcRange = chip ? adc?.Enum<AdcRange>("range", AdcRange.Unit) ?? AdcRange.Unit : AdcRange.Unit,
        };
    }

    private static Dictionary<string, CostOverride> ReadOverrides(YamlSection root)
    {
        var result = new Dictionary<string, CostOverride>();
        var section = root.Section("overrides", false, ComponentCatalog.All.Select(e => e.Name).ToArray());
        if (section is null) return result;
        foreach (var (name, _) in section.Entries)
        {
            var actions = ComponentCatalog.Find(name)!.AllActions.ToArray();
            var o = section.Section(name, true, "energy_pj", "latency_ns", "area_um2", "leakage_uw", "source")!;
            result[name] = new CostOverride(
                ReadActionMap(o.Section("energy_pj", false, actions)),
                ReadActionMap(o.Section("latency_ns", false, actions)),
                o.OptionalDouble("area_um2"), o.OptionalDouble("leakage_uw"), o.String("source"));
        }
        return result;
    }

    private static Dictionary<string, string> ReadModels(YamlSection root)
    {
        var section = root.Section("models", false, ComponentCatalog.All.Select(e => e.Name).ToArray());
        return section is null ? new() : section.Entries.ToDictionary(e => e.Key, e => section.String(e.Key), StringComparer.Ordinal);
    }

    private static Dictionary<string, double> ReadActionMap(YamlSection? s) =>
        s is null ? new() : s.Entries.ToDictionary(e => e.Key, e => s.Double(e.Key));
}
