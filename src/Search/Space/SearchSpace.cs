using System.Globalization;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Networks;

namespace CimSim.Search.Space;

/// <summary>
/// A co-search problem read from a search-space YAML file (docs/SEARCH.md): the baseline chip and network,
/// the searched layers with their knob values, the objective, the constraints and the budget. Built by
/// <see cref="SearchSpaceLoader"/>; tests may build one directly.
/// </summary>
public sealed class SearchSpace
{
    /// <summary><c>name</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The file the space was read from (for messages).</summary>
    public required string FileName { get; init; }
    /// <summary><c>base.chip</c> as resolved against the space file's directory.</summary>
    public required string BaseChipPath { get; init; }
    /// <summary>The base chip file's text with <c>base.set</c>'s values in place (comments and lines kept).</summary>
    public required string BaseChipText { get; init; }
    /// <summary>The baseline chip.</summary>
    public required ChipSpec BaseChip { get; init; }
    /// <summary><c>base.network</c>: a zoo spec (e.g. <c>vgg16</c>).</summary>
    public required string NetworkSpec { get; init; }
    /// <summary><c>base.dataset</c>.</summary>
    public required Dataset Dataset { get; init; }
    /// <summary>The baseline network.</summary>
    public required Network BaseNetwork { get; init; }
    /// <summary><c>base.seed</c>: seed of the compiler's random weights and input (the same for every design).</summary>
    public ulong CompileSeed { get; init; } = 1;
    /// <summary>Searched layers in network order.</summary>
    public required IReadOnlyList<SearchedLayer> Layers { get; init; }
    /// <summary><c>phase1.adc_bits</c>: ADC resolution while phase 1 chooses the structure.</summary>
    public required int Phase1AdcBits { get; init; }
    /// <summary><c>phase1.input_bits</c>: input precision of every searched layer in phase 1; null keeps each layer's baseline.</summary>
    public int? Phase1InputBits { get; init; }
    /// <summary><c>objective</c>.</summary>
    public required SearchObjective Objective { get; init; }
    /// <summary><c>constraints</c>.</summary>
    public required SearchConstraints Constraints { get; init; }
    /// <summary><c>search</c>.</summary>
    public required SearchBudget Budget { get; init; }
    /// <summary><c>accuracy</c>: proxy, training and accuracy constraints on real data; null: hardware-only search.</summary>
    public AccuracySpec? Accuracy { get; init; }
    /// <summary>Hash of the space's and the base chip's file text: results stored for another space are not reused.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>Whether output channels may be searched (VGG zoo networks, whose widths the zoo spec sets).</summary>
    public bool ChannelsSearchable => NetworkZooName.StartsWith("vgg", StringComparison.Ordinal);

    /// <summary>The zoo network's name without parameters, lower case.</summary>
    public string NetworkZooName => NetworkSpec.Split(':')[0].ToLowerInvariant();

    /// <summary>Searched layer names in order.</summary>
    public IReadOnlyList<string> LayerNames => Layers.Select(l => l.Name).ToArray();

    /// <summary>The baseline's choices as a design (the baseline network on tiles fitted to it).</summary>
    public Design BaseDesign => new(LayerNames, Layers.Select(l => l.Base).ToArray());

    /// <summary>The phase-1 starting point of a layer: its baseline peripherals at the phase-1 precision.</summary>
    public LayerChoice Phase1Default(SearchedLayer l) => l.Base.Readout == CimSim.Workloads.Mapping.ReadoutKind.Adc
        ? l.Base with { AdcBits = Phase1AdcBits, InputBits = Phase1InputBits ?? l.Base.InputBits }
        : l.Base with { InputBits = Phase1InputBits ?? l.Base.InputBits };

    /// <summary>Number of designs in phase 1's space (channels × peripheral structures per layer, multiplied).</summary>
    public double Phase1Size => Layers.Aggregate(1.0, (p, l) =>
        p * l.Knobs.Channels.Count * l.Knobs.Phase1Peripherals(0, Phase1AdcBits, 8).Count);

    /// <summary>A one-line description for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {NetworkSpec} on {BaseChip.Name}, {Layers.Count} searched layers, objective {Objective.Name}");
}
