namespace CimSim.Workloads.Compilation;

/// <summary>Choices for one compilation beyond the network and the chip.</summary>
public sealed record CompileOptions
{
    /// <summary>Seed of every random weight and input; the same seed gives the same trace bit for bit.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Dataset label recorded in the trace; null records the network's own.</summary>
    public string? Dataset { get; init; }
    /// <summary>Architecture name recorded in the trace.</summary>
    public string Architecture { get; init; } = "unnamed";
    /// <summary>Input precision per layer name, overriding both the layer's own and the chip's default.</summary>
    public IReadOnlyDictionary<string, int>? InputBits { get; init; }
    /// <summary>Readout per layer name, overriding the chip's (e.g. XPert's per-layer ADC bits).</summary>
    public IReadOnlyDictionary<string, Mapping.LayerReadout>? Readouts { get; init; }
    /// <summary>Tiles per layer name, in place of the chip's tile shape (NeuroSim's per-layer tile kinds).</summary>
    public IReadOnlyDictionary<string, Mapping.LayerTiling>? Tilings { get; init; }
    /// <summary>Spend spare tiles on replicas of the slowest layers (see <see cref="Mapping.NetworkMapper"/>).</summary>
    public bool Replicate { get; init; }
    /// <summary>Fill each layer's unused crossbars in its own tiles with weight copies, as NeuroSim does (see <see cref="Mapping.NetworkMapper"/>).</summary>
    public bool ReplicateInTiles { get; init; }
    /// <summary>A <c>.npy</c> input image (C×H×W or 1×C×H×W) instead of a random one.</summary>
    public string? InputNpyPath { get; init; }
    /// <summary>A directory of <c>&lt;layer name&gt;.npy</c> weight files; layers without a file get random weights.</summary>
    public string? WeightsDirectory { get; init; }
    /// <summary>A trained model already loaded (e.g. imported from ONNX): its weights and biases, as <see cref="WeightsDirectory"/> would give them.</summary>
    public Inference.TrainedModel? Model { get; init; }
    /// <summary>Threads for the partial-sum engine; 0 uses every core. Results do not depend on it.</summary>
    public int MaxThreads { get; init; }
    /// <summary>
    /// A cache of compiled crossbar layers shared between compilations (e.g. a search's designs); null compiles every
    /// layer. Traces are identical with and without it.
    /// </summary>
    public LayerCache? LayerCache { get; init; }
    /// <summary>Called once every input has been checked (chip, mapping, weights, input image), before the first layer is
    /// compiled: a caller announces the long work here, so a bad input is the only line it prints.</summary>
    public Action? Checked { get; init; }
}
