using CimSim.Components.Costs;
using CimSim.Components.NeuroSim;
using CimSim.Components.Crossbar;
using CimSim.Components.Technology;
using CimSim.Workloads.Mapping;

namespace CimSim.Simulator.Architecture;

/// <summary>
/// A chip as described in an architecture YAML file (docs/ARCHITECTURE_YAML.md): immutable, with every
/// default filled in. <see cref="ArchitectureLoader"/> returns only valid specs; a spec changed with
/// <c>with</c> is checked again by <see cref="Validate"/> (which <see cref="ChipModel.Build"/> calls).
/// Each property's YAML key is given in its summary.
/// </summary>
public sealed record ChipSpec
{
    /// <summary><c>name</c>.</summary>
    public required string Name { get; init; }
    /// <summary>File the spec was read from (for messages).</summary>
    public required string FileName { get; init; }

    // ---- technology ----
    /// <summary><c>technology.node_nm</c>: 22 or 32.</summary>
    public required int NodeNm { get; init; }
    /// <summary><c>technology.roadmap</c>: lstp (default) or hp.</summary>
    public DeviceRoadmap Roadmap { get; init; } = DeviceRoadmap.Lstp;
    /// <summary><c>technology.vdd_v</c> (default: the node's nominal supply).</summary>
    public required double VddV { get; init; }
    /// <summary>Clock period in whole ps (<c>technology.clock_period_ps</c> or 1000 / <c>technology.clock_ghz</c>; with
    /// <see cref="ClockFromSensingPath"/>, the longer of that, if given, and the sensing path's).</summary>
    public required long ClockPeriodPs { get; init; }
    /// <summary><c>technology.clock: sensing-path</c>: the period is NeuroSim V1.4's synchronous clock, the slowest sensing path
    /// of the chip's subarrays (<see cref="SensingPathClock"/>), set by the loader.</summary>
    public bool ClockFromSensingPath { get; init; }
    /// <summary><c>technology.preset</c>: neurosim (default) or puma.</summary>
    public CostPreset Preset { get; init; } = CostPreset.NeuroSim;

    // ---- hierarchy ----
    /// <summary>
    /// <c>hierarchy.tiles</c>; with <c>tiles: auto</c> (<see cref="AutoTiles"/>) 0 until the chip is sized for a network
    /// (<c>ChipAssembly.SizedFor</c> in Simulator/Runs), then the tiles it was sized to.
    /// </summary>
    public required int Tiles { get; init; }
    /// <summary>
    /// <c>hierarchy.tiles: auto</c>: the tile count follows the network, the fewest tiles that hold its crossbar layers
    /// (each layer on whole tiles of its own), as NeuroSim sizes its chip. Stays true once sized, so reports can say so.
    /// </summary>
    public bool AutoTiles { get; init; }
    /// <summary>Whether the chip has a tile count (a fixed one, or <c>auto</c> sized for a network).</summary>
    public bool IsSized => Tiles > 0;
    /// <summary>Most tiles a chip may have (<c>hierarchy.tiles</c>, fixed or auto).</summary>
    public const int MaxTiles = 1_000_000;
    /// <summary><c>hierarchy.floorplan</c>: NeuroSim's floorplan chooses the tiles for each network (<see cref="NeuroSimFloorplan"/>);
    /// such a chip has <see cref="AutoTiles"/>, and its PEs and crossbars per PE are set when it is sized.</summary>
    public FloorplanKind Floorplan { get; init; }
    /// <summary><c>hierarchy.dataflow</c>: how a layer's data moves and when its steps may overlap (<see cref="DataflowKind"/>).</summary>
    public DataflowKind Dataflow { get; init; }
    /// <summary><c>hierarchy.pes_per_tile</c>.</summary>
    public required int PesPerTile { get; init; }
    /// <summary><c>hierarchy.crossbars_per_pe</c>.</summary>
    public required int CrossbarsPerPe { get; init; }

    // ---- crossbar ----
    /// <summary><c>crossbar.rows</c>.</summary>
    public required int Rows { get; init; }
    /// <summary><c>crossbar.columns</c>.</summary>
    public required int Columns { get; init; }
    /// <summary><c>crossbar.bits_per_cell</c>.</summary>
    public required int BitsPerCell { get; init; }
    /// <summary><c>crossbar.device</c>: sram or rram.</summary>
    public required CellDevice Device { get; init; }
    /// <summary><c>crossbar.signed_weights</c>: differential or offset.</summary>
    public required SignedWeightScheme SignedWeights { get; init; }
    /// <summary><c>crossbar.read_voltage_v</c> (default: the node's NeuroSim sense-amp V_read).</summary>
    public required double ReadVoltageV { get; init; }
    /// <summary><c>crossbar.column_resistance_ohm</c>: effective column resistance during a read.</summary>
    public double ColumnResistanceOhm { get; init; } = 12_500;
    /// <summary><c>crossbar.read_time_ns</c> (default 0.7 ns SRAM, 10 ns RRAM).</summary>
    public required double CrossbarReadTimeNs { get; init; }

    // ---- precision and input drive ----
    /// <summary><c>precision.weight_bits</c>: default weight precision.</summary>
    public required int WeightBits { get; init; }
    /// <summary><c>precision.input_bits</c>: default activation precision.</summary>
    public required int InputBits { get; init; }
    /// <summary><c>input_drive.dac_bits</c>: input bits per read (1 = bit-serial, the default).</summary>
    public int DacBits { get; init; } = 1;

    // ---- readout ----
    /// <summary><c>readout</c> and <c>scale_factor_unit</c>: the one readout record (kind, ADC, comparators, scale-factor unit); the four properties below are views of its choice.</summary>
    public ReadoutSpec ReadoutSpec { get; init; } = ReadoutSpec.Comparators(ReadoutKind.Ternary);
    /// <summary><c>readout.kind</c>: adc, binary or ternary.</summary>
    public ReadoutKind Readout { get => ReadoutSpec.Kind; init => ReadoutSpec = ReadoutSpec with { Kind = value }; }
    /// <summary><c>readout.adc.type</c>; null without an ADC.</summary>
    public AdcType? AdcType { get => ReadoutSpec.AdcType; init => ReadoutSpec = ReadoutSpec with { AdcType = value }; }
    /// <summary><c>readout.adc.bits</c>; 0 without an ADC.</summary>
    public int AdcBits { get => ReadoutSpec.AdcBits; init => ReadoutSpec = ReadoutSpec with { AdcBits = value }; }
    /// <summary><c>readout.adc.column_sharing</c>: columns per ADC; 1 for comparator readout (a bank per column).</summary>
    public int ColumnSharing { get => ReadoutSpec.ColumnSharing; init => ReadoutSpec = ReadoutSpec with { ColumnSharing = value }; }
    // ---- digital datapath ----
    /// <summary><c>shift_add.bits</c>; 0 (the default) means ADC bits + input bits.</summary>
    public int ShiftAddBits { get; init; }
    /// <summary><c>accumulator.bits</c> (default 32).</summary>
    public int AccumulatorBits { get; init; } = 32;
    /// <summary><c>accumulator.lanes_per_pe</c> (default: crossbar columns).</summary>
    public required int AccumulatorLanesPerPe { get; init; }
    /// <summary><c>activation.bits</c> (default: accumulator bits).</summary>
    public required int ActivationBits { get; init; }
    /// <summary><c>activation.lanes_per_tile</c> (default: crossbar columns).</summary>
    public required int ActivationLanesPerTile { get; init; }
    /// <summary><c>pooling.bits</c> (default: input bits).</summary>
    public required int PoolingBits { get; init; }
    /// <summary><c>pooling.lanes_per_tile</c> (default: crossbar columns).</summary>
    public required int PoolingLanesPerTile { get; init; }
    /// <summary><c>control.gates_per_tile</c> (default 2000).</summary>
    public int ControlGatesPerTile { get; init; } = 2000;

    // ---- buffers ----
    /// <summary><c>buffers.pe.size_bytes</c>.</summary>
    public required long PeBufferBytes { get; init; }
    /// <summary><c>buffers.pe.width_bits</c>.</summary>
    public required int PeBufferWidthBits { get; init; }
    /// <summary><c>buffers.tile.size_bytes</c>.</summary>
    public required long TileBufferBytes { get; init; }
    /// <summary><c>buffers.tile.width_bits</c>.</summary>
    public required int TileBufferWidthBits { get; init; }
    /// <summary><c>buffers.global.size_bytes</c>.</summary>
    public required long GlobalBufferBytes { get; init; }
    /// <summary><c>buffers.global.width_bits</c>.</summary>
    public required int GlobalBufferWidthBits { get; init; }

    // ---- interconnect ----
    /// <summary><c>interconnect.htree.width_bits</c>.</summary>
    public required int HTreeWidthBits { get; init; }
    /// <summary><c>interconnect.htree.latency_cycles</c> per flit (default 1).</summary>
    public int HTreeLatencyCycles { get; init; } = 1;
    /// <summary><c>interconnect.mesh.width_bits</c>.</summary>
    public required int MeshWidthBits { get; init; }
    /// <summary><c>interconnect.mesh.hop_latency_cycles</c> (default 2).</summary>
    public int MeshHopLatencyCycles { get; init; } = 2;

    /// <summary><c>overrides</c>: component name → replacement unit costs.</summary>
    public IReadOnlyDictionary<string, CostOverride> Overrides { get; init; } = new Dictionary<string, CostOverride>();

    /// <summary><c>models</c>: component kind → implementation name (<see cref="ComponentModels"/>), replacing the preset's choice.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary><c>layers</c>: per-layer peripheral circuits (XPert); empty for a homogeneous chip.</summary>
    public IReadOnlyList<LayerPeripherals> LayerPeripherals { get; init; } = [];

    /// <summary>The homogeneous chip that the tiles of <paramref name="layer"/> form: the chip's readout replaced by that layer's.</summary>
    public ChipSpec ForLayer(LayerPeripherals layer) => this with
    {
        ReadoutSpec = ReadoutSpec.WithChoice(layer.Choice),
        PesPerTile = layer.Tiling?.PesPerTile ?? PesPerTile,
        CrossbarsPerPe = layer.Tiling?.CrossbarsPerPe ?? CrossbarsPerPe,
        HTreeWidthBits = layer.HTreeWidthBits ?? HTreeWidthBits,
        LayerPeripherals = [],
    };

    // ---- derived ----
    /// <summary>Clock period, ns.</summary>
    public double ClockPeriodNs => ClockPeriodPs / 1000.0;
    /// <summary>Crossbars per tile.</summary>
    public int CrossbarsPerTile => CrossbarsPerPe * PesPerTile;
    /// <summary>Crossbars on the chip.</summary>
    public long TotalCrossbars => (long)CrossbarsPerTile * Tiles;
    /// <summary>Comparators per column: 1 (binary), 2 (ternary), 0 (ADC).</summary>
    public int ComparatorsPerColumn => ReadoutSpec.ComparatorsPerColumn;
    /// <summary>Width of the shift-and-add: <see cref="ShiftAddBits"/>, or ADC bits + input bits when 0.</summary>
    public int ShiftAddWidthBits => ShiftAddBits != 0 ? ShiftAddBits : AdcBits + InputBits;
    /// <summary>Largest ADC resolution on the chip (its own readout or any layer's).</summary>
    public int MaxAdcBits => LayerPeripherals.Select(l => l.AdcBits).Append(AdcBits).Max();
    /// <summary>Input slices per input vector at the default input precision (a DAC below 1 bit, which
    /// <see cref="Problems"/> refuses, counts as 1 so that the other checks can still run).</summary>
    public int InputSlices => (InputBits + Math.Max(1, DacBits) - 1) / Math.Max(1, DacBits);
    /// <summary>The technology constants of this chip.</summary>
    public TechnologyNode Technology => TechnologyNode.Get(NodeNm, Roadmap, VddV);

    /// <summary>What the quantized-network compiler needs to map a network onto this chip.</summary>
    public MappingTarget ToMappingTarget() => !IsSized ? throw Unsized() : new(Rows, Columns, BitsPerCell, SignedWeights, CrossbarsPerPe, PesPerTile,
        Tiles, WeightBits, InputBits, DacBits, Readout, Readout == ReadoutKind.Adc ? AdcBits : 0,
        Readout == ReadoutKind.Adc ? 0 : ReadoutSpec.ScaleFactorBits) { AdcRange = ReadoutSpec.AdcRange };

    /// <summary>One rule the spec breaks: the YAML field, why, and the field whose line to report.</summary>
    public sealed record Problem(string Field, string Reason, string? At = null);

    /// <summary>Throws <see cref="InputException"/> (no line) for the first broken rule.</summary>
    public void Validate()
    {
        if (!IsSized) throw Unsized();
        foreach (var p in Problems()) throw new InputException(FileName, 0, 0, p.Field, p.Reason);
    }

    /// <summary>The error for a <c>tiles: auto</c> chip used where no network sizes it.</summary>
    private InputException Unsized() => new(FileName, 0, 0, "hierarchy.tiles",
        "auto sizes the chip for the network it runs, and none was given here; give a network, or give hierarchy.tiles a number");

    /// <summary>Every rule the spec breaks, in the order of the file's sections (an unsized <c>tiles: auto</c> is not one).</summary>
    public IEnumerable<Problem> Problems()
    {
        var checks = new List<Problem?>
        {
            string.IsNullOrWhiteSpace(Name) ? new Problem("name", "must not be empty") : null,
            TechnologyNode.SupportedNodes.Contains(NodeNm) ? null
                : new Problem("technology.node_nm", $"unsupported node {NodeNm} nm; supported: {string.Join(", ", TechnologyNode.SupportedNodes)}"),
            InRange("technology.vdd_v", VddV, 0.3, 1.5, " V"),
            InRange("technology.clock_period_ps", ClockPeriodPs, 1, MaxClockPeriodPs, " ps"),
            AutoTiles && Tiles == 0 ? null : InRange("hierarchy.tiles", Tiles, 1, MaxTiles),
            InRange("hierarchy.pes_per_tile", PesPerTile, 1, 4096),
            InRange("hierarchy.crossbars_per_pe", CrossbarsPerPe, 1, 4096),
            ClockFromSensingPath && (UsesComparators || Device != CellDevice.Sram || ComponentModels.NameFor(this, ComponentNames.Adc) != NeuroSimSubArrayCosts.Name)
                ? new Problem("technology.clock", $"sensing-path times NeuroSim's SRAM subarrays and their ADCs: it needs crossbar.device sram, readout.kind adc on every layer and models.adc: {NeuroSimSubArrayCosts.Name}") : null,
            Dataflow == DataflowKind.NeuroSim && UsesComparators
                ? new Problem("hierarchy.dataflow", "neurosim times NeuroSim's subarrays, whose readout is an ADC: every layer needs readout.kind adc") : null,
            Dataflow == DataflowKind.NeuroSim && Models.GetValueOrDefault(ComponentNames.HTree) != Components.NeuroSim.NeuroSimSubArrayCosts.Name
                ? new Problem("hierarchy.dataflow", $"neurosim prices its traffic on NeuroSim's wires: give models.htree: {Components.NeuroSim.NeuroSimSubArrayCosts.Name}") : null,
            InRange("crossbar.rows", Rows, 1, 4096),
            InRange("crossbar.columns", Columns, 1, 4096),
            InRange("crossbar.bits_per_cell", BitsPerCell, 1, 8),
            Device == CellDevice.Sram && BitsPerCell != 1
                ? new Problem("crossbar.bits_per_cell", $"an SRAM cell stores 1 bit, got {BitsPerCell}") : null,
            InRange("crossbar.read_voltage_v", ReadVoltageV, 0.05, VddV, " V"),
            IsPositive("crossbar.column_resistance_ohm", ColumnResistanceOhm),
            IsPositive("crossbar.read_time_ns", CrossbarReadTimeNs) ?? InRange("crossbar.read_time_ns", CrossbarReadTimeNs, 0, MaxActionNs, " ns"),
            ReadoutSpec.Comparator.SenseTimeNs > MaxActionNs ? InRange("readout.sense_time_ns", ReadoutSpec.Comparator.SenseTimeNs, 0, MaxActionNs, " ns") : null,
            ReadoutSpec.Comparator.EnergyFj > MaxActionEnergyPj * 1000 ? Bounded("readout.comparator_energy_fj", ReadoutSpec.Comparator.EnergyFj, MaxActionEnergyPj * 1000) : null,
            InRange("precision.weight_bits", WeightBits, 2, 16), // a signed weight needs a sign and a magnitude (TargetValidation)
            BitsPerCell > WeightBits ? new Problem("crossbar.bits_per_cell", $"{BitsPerCell} bits per cell exceed the {WeightBits}-bit weights") : null,
            InRange("precision.input_bits", InputBits, 1, 16),
            InRange("input_drive.dac_bits", DacBits, 1, Math.Min(8, InputBits)),
        };
        checks.AddRange(ReadoutProblems());
        checks.AddRange(DigitalProblems());
        checks.AddRange(OverrideProblems());
        checks.AddRange(ModelProblems());
        foreach (var c in checks) if (c is not null) yield return c;
    }

    private IEnumerable<Problem?> ReadoutProblems()
    {
        foreach (var (field, reason, at) in ReadoutSpec.Problems("readout", Columns, CrossbarsPerPe, InputSlices))
            yield return new Problem(field, reason, at);
        var names = new HashSet<string>();
        for (int i = 0; i < LayerPeripherals.Count; i++)
        {
            var l = LayerPeripherals[i];
            string prefix = $"layers[{i}]";
            if (string.IsNullOrWhiteSpace(l.Layer) || !names.Add(l.Layer))
                yield return new Problem($"{prefix}.layer", string.IsNullOrWhiteSpace(l.Layer) ? "must not be empty" : $"layer '{l.Layer}' is listed twice");
            foreach (var (field, reason, at) in l.Choice.ChoiceProblems($"{prefix}.readout", Columns, ReadoutSpec.ScaleFactorUnit is not null))
                yield return new Problem(field, reason, at);
            if (l.Tiling is { } t)
            {
                yield return InRange($"{prefix}.hierarchy.pes_per_tile", t.PesPerTile, 1, 4096);
                yield return InRange($"{prefix}.hierarchy.crossbars_per_pe", t.CrossbarsPerPe, 1, 4096);
                yield return InRange($"{prefix}.hierarchy.tiles", t.Tiles, 0, MaxTiles);
                if (!l.Choice.IsAdc && ReadoutSpec.ScaleFactorUnit is { } sfu && t.CrossbarsPerPe >= 1)
                    foreach (var (field, reason) in sfu.Problems(Columns, t.CrossbarsPerPe, InputSlices))
                        yield return new Problem($"{prefix}.hierarchy.crossbars_per_pe", $"{field}: {reason} (the layer's PEs have {t.CrossbarsPerPe} crossbars)");
            }
            if (l.HTreeWidthBits is { } w) yield return InRange($"{prefix}.interconnect.htree.width_bits", w, 1, 65_536);
        }
        long given = LayerPeripherals.Sum(l => (long)Math.Max(0, l.Tiling?.Tiles ?? 0));
        if (!AutoTiles && given > Tiles)
            yield return new Problem("hierarchy.tiles", $"the layers: entries give their layers {given} tiles, more than the chip's {Tiles}");
        if (ShiftAddBits != 0 && (ShiftAddBits < MaxAdcBits || ShiftAddBits > 64))
            yield return new Problem("shift_add.bits", $"{ShiftAddBits} must be between the ADC's {MaxAdcBits} bits and 64");
    }

    private IEnumerable<Problem?> DigitalProblems()
    {
        yield return InRange("accumulator.bits", AccumulatorBits, 1, 64);
        yield return InRange("accumulator.lanes_per_pe", AccumulatorLanesPerPe, 1, 65_536);
        yield return InRange("activation.bits", ActivationBits, 1, 64);
        yield return InRange("activation.lanes_per_tile", ActivationLanesPerTile, 1, 65_536);
        yield return InRange("pooling.bits", PoolingBits, 1, 64);
        yield return InRange("pooling.lanes_per_tile", PoolingLanesPerTile, 1, 65_536);
        yield return InRange("control.gates_per_tile", ControlGatesPerTile, 0, 100_000_000);
        foreach (var (key, bytes, width) in new[] { ("pe", PeBufferBytes, PeBufferWidthBits), ("tile", TileBufferBytes, TileBufferWidthBits), ("global", GlobalBufferBytes, GlobalBufferWidthBits) })
        {
            yield return InRange($"buffers.{key}.size_bytes", bytes, 1, 1L << 34);
            yield return InRange($"buffers.{key}.width_bits", width, 1, 65_536);
            if (bytes * 8 < width) yield return new Problem($"buffers.{key}.width_bits", $"{width}-bit accesses exceed the {bytes}-byte buffer");
        }
        yield return InRange("interconnect.htree.width_bits", HTreeWidthBits, 1, 65_536);
        yield return InRange("interconnect.htree.latency_cycles", HTreeLatencyCycles, 0, 1000);
        yield return InRange("interconnect.mesh.width_bits", MeshWidthBits, 1, 65_536);
        yield return InRange("interconnect.mesh.hop_latency_cycles", MeshHopLatencyCycles, 1, 1000);
    }

    private IEnumerable<Problem?> OverrideProblems()
    {
        foreach (var (name, o) in Overrides)
        {
            var field = $"overrides.{name}";
            var entry = ComponentCatalog.Find(name);
            if (entry is null)
            {
                yield return new Problem(field, $"unknown component '{name}'; expected one of: {string.Join(", ", ComponentCatalog.All.Select(e => e.Name))}");
                continue;
            }
            if (!HasComponent(name))
                yield return new Problem(field, $"this chip has no {name} (readout is {Readout.ToString().ToLowerInvariant()})");
            foreach (var (part, map) in new[] { ("energy_pj", o.EnergyPj), ("latency_ns", o.LatencyNs) })
                foreach (var (action, v) in map)
                {
                    if (!entry.AllActions.Contains(action))
                        yield return new Problem($"{field}.{part}.{action}", $"{name} has no action '{action}'; its actions: {string.Join(", ", entry.AllActions)}");
                    else yield return Bounded($"{field}.{part}.{action}", v, part == "energy_pj" ? MaxActionEnergyPj : MaxActionNs);
                }
            yield return Bounded($"{field}.area_um2", o.AreaUm2, MaxAreaUm2);
            yield return Bounded($"{field}.leakage_uw", o.LeakageUw, MaxLeakageUw);
            if (string.IsNullOrWhiteSpace(o.Source)) yield return new Problem($"{field}.source", "must say where the numbers come from");
        }
    }

    private IEnumerable<Problem?> ModelProblems()
    {
        foreach (var (kind, name) in Models)
        {
            if (ComponentCatalog.Find(kind) is null)
                yield return new Problem($"models.{kind}", $"unknown component '{kind}'; expected one of: {string.Join(", ", ComponentCatalog.All.Select(e => e.Name))}");
            else if (ComponentModels.Find(kind, name) is null)
                yield return new Problem($"models.{kind}", $"no {kind} model named '{name}'; known: {string.Join(", ", ComponentModels.NamesOf(kind))}");
            else if (name == NeuroSimSubArrayCosts.Name && kind is ComponentNames.Crossbar or ComponentNames.Dac or ComponentNames.Adc or ComponentNames.ShiftAdd
                     && Device != CellDevice.Sram)
                yield return new Problem($"models.{kind}", $"{name} covers SRAM subarrays only (crossbar.device is {Device.ToString().ToLowerInvariant()})");
            // The H-tree too: it runs its PE buses across NeuroSim's subarray.
            else if (name == NeuroSimSubArrayCosts.Name && kind is ComponentNames.Crossbar or ComponentNames.Dac or ComponentNames.Adc or ComponentNames.ShiftAdd
                         or ComponentNames.HTree
                     && MaxAdcBits > SramSubArray.MaxAdcBits)
                yield return new Problem(ReadoutSpec.IsAdc && AdcBits > SramSubArray.MaxAdcBits ? "readout.adc.bits"
                        : $"layers[{LayerPeripherals.ToList().FindIndex(l => l.AdcBits > SramSubArray.MaxAdcBits)}].readout.adc.bits",
                    $"{MaxAdcBits} bits: the {name} models take NeuroSim's subarray, whose ADCs go up to {SramSubArray.MaxAdcBits} bits (models.{kind})");
            else if (name == NeuroSimSubArrayCosts.Name && kind == ComponentNames.Adc
                     && LayerPeripherals.Select(l => l.Choice).Append(ReadoutSpec).Where(c => c.IsAdc).Select(c => c.AdcType).Distinct().Count() > 1)
                // One subarray floorplan per chip: NeuroSim's subarray has either multilevel sense amplifiers or SAR ADCs (SARADC).
                yield return new Problem($"models.{kind}", $"{name} lays out one kind of subarray: every ADC on the chip must be of one readout.adc.type (flash: NeuroSim's multilevel sense amplifier; sar: its SAR ADC)");
            else if (kind == ComponentNames.Accumulator && name == NeuroSimSubArrayCosts.Name
                     && (ComponentModels.NameFor(this, ComponentNames.ShiftAdd) != NeuroSimSubArrayCosts.Name || UsesComparators))
                yield return new Problem($"models.{kind}", $"{name} {NeuroSimAdderTree.ShiftAddRequired}");
        }
    }

    /// <summary>NeuroSim V1.4's synchronous clock for this chip (<c>main.cpp</c>: the longest sensing path over all layers'
    /// subarrays): the <see cref="SubArrayClock"/> of the slowest of its ADC configurations.</summary>
    public SubArrayClock SensingPathClock() =>
        LayerPeripherals.Select(l => l.Choice).Append(ReadoutSpec).Where(c => c.IsAdc).Distinct()
            .Select(c => SubArrayClock.Of(new SramSubArray(Technology, Rows, Columns, c.ColumnSharing, c.AdcBits, ReadVoltageV, c.AdcType == Workloads.Mapping.AdcType.Sar)))
            .MaxBy(c => c.PeriodS)!;

    private static Problem? InRange(string field, double value, double min, double max, string unit = "") =>
        value >= min && value <= max ? null : new Problem(field, $"{value}{unit} is out of range [{min}{unit}, {max}{unit}]");

    // Upper bounds on times and costs: each far above any published circuit (assumption: a larger value is a unit mistake),
    // and low enough that a whole network's sums stay finite and its picosecond timeline within a long.
    /// <summary>Longest clock period, ps (1 µs: a 1 MHz clock).</summary>
    public const double MaxClockPeriodPs = 1e6;
    /// <summary>Longest single action (a crossbar read, a conversion, an override's latency), ns (1 ms).</summary>
    public const double MaxActionNs = 1e6;
    /// <summary>Largest energy of one action, pJ (1 mJ).</summary>
    public const double MaxActionEnergyPj = 1e9;
    /// <summary>Largest area of one component, µm² (1 m²).</summary>
    public const double MaxAreaUm2 = 1e12;
    /// <summary>Largest leakage of one component, µW (1 kW).</summary>
    public const double MaxLeakageUw = 1e9;

    private static Problem? NonNegative(string field, double? value) =>
        value is < 0 ? new Problem(field, $"must not be negative, got {value}") : null;

    private static Problem? Bounded(string field, double? value, double max) =>
        NonNegative(field, value) ?? (value is { } v && !(v <= max) ? new Problem(field, $"{v} is above {max} (a unit mistake?)") : null);

    private static Problem? IsPositive(string field, double value) =>
        value > 0 ? null : new Problem(field, $"must be positive, got {value}");

    /// <summary>Whether some tiles use ADC readout (the chip's own or a layer's).</summary>
    public bool UsesAdc => Readout == ReadoutKind.Adc || LayerPeripherals.Any(l => l.Readout == ReadoutKind.Adc);
    /// <summary>Whether some tiles use comparator readout (the chip's own or a layer's).</summary>
    public bool UsesComparators => Readout != ReadoutKind.Adc || LayerPeripherals.Any(l => l.Readout != ReadoutKind.Adc);

    /// <summary>Whether the chip has a component of this catalog name.</summary>
    public bool HasComponent(string name) => name switch
    {
        ComponentNames.Adc or ComponentNames.ShiftAdd => Readout == ReadoutKind.Adc,
        ComponentNames.Comparator or ComponentNames.Dcim => Readout != ReadoutKind.Adc,
        _ => ComponentCatalog.Find(name) is not null,
    };
}
