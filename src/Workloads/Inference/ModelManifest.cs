using System.Globalization;
using System.Text;

namespace CimSim.Workloads.Inference;

/// <summary>
/// A model directory's <c>model.yaml</c> as written: the one writer of the format <see cref="TrainedModel.Load"/>
/// reads (docs/MODEL_FORMAT.md), used by the trainer's export and by the search's per-design models.
/// </summary>
/// <param name="Network">Zoo spec or the network file beside it.</param>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Command">The command that made the model.</param>
public sealed record ModelManifest(string Network, string Dataset, string Command)
{
    /// <summary>Training stage (float, qat, psq); null when not from training.</summary>
    public string? Stage { get; init; }
    /// <summary>The chip a PSQ model was trained for.</summary>
    public string? TrainedFor { get; init; }
    /// <summary>Test accuracy measured by the trainer; NaN when none was measured (then not written).</summary>
    public double TestAccuracy { get; init; } = double.NaN;
    /// <summary>Model-wide weight precision, bits.</summary>
    public int? WeightBits { get; init; }
    /// <summary>Model-wide input precision, bits.</summary>
    public int? InputBits { get; init; }
    /// <summary>Per-layer entries, in network order; none for a float model.</summary>
    public IReadOnlyList<Layer> Layers { get; init; } = [];

    /// <summary>A crossbar layer's entry: precisions where they differ from the model's, and its learned steps.</summary>
    public sealed record Layer(string Name, int? WeightBits = null, int? InputBits = null, double? WeightStep = null,
        double? InputStep = null, double? AlphaStep = null);

    /// <summary>The file's text.</summary>
    public string ToYaml()
    {
        var inv = CultureInfo.InvariantCulture;
        var y = new StringBuilder();
        y.Append(inv, $"format: {TrainedModel.FormatVersion}\n");
        y.Append(inv, $"network: {Scalar(Network)}\n");
        y.Append(inv, $"dataset: {Scalar(Dataset)}\n");
        if (Stage is not null) y.Append(inv, $"stage: {Stage}\n");
        if (TrainedFor is not null) y.Append(inv, $"trained_for: {Scalar(TrainedFor)}\n");
        if (!double.IsNaN(TestAccuracy)) y.Append(inv, $"test_accuracy: {TestAccuracy:0.0000}\n");
        y.Append(inv, $"command: {Quoted(Command)}\n");
        if (WeightBits is { } wb) y.Append(inv, $"weight_bits: {wb}\n");
        if (InputBits is { } ib) y.Append(inv, $"input_bits: {ib}\n");
        if (Layers.Count > 0) y.Append("layers:\n");
        foreach (var l in Layers)
        {
            var parts = new List<string>();
            if (l.WeightBits is { } w) parts.Add(string.Create(inv, $"weight_bits: {w}"));
            if (l.InputBits is { } i) parts.Add(string.Create(inv, $"input_bits: {i}"));
            if (l.WeightStep is { } ws) parts.Add(string.Create(inv, $"weight_step: {ws:R}"));
            if (l.InputStep is { } xs) parts.Add(string.Create(inv, $"input_step: {xs:R}"));
            if (l.AlphaStep is { } a) parts.Add(string.Create(inv, $"alpha_step: {a:R}"));
            y.Append(inv, $"  {Scalar(l.Name)}: {{{string.Join(", ", parts)}}}\n");
        }
        return y.ToString();
    }

    /// <summary>A YAML plain scalar, quoted when it holds characters YAML could read otherwise (a zoo spec's ':' and ',').</summary>
    private static string Scalar(string v) => v.IndexOfAny([':', ',', '#', '"', '\'', '[', ']', '{', '}']) < 0 ? v : Quoted(v);

    private static string Quoted(string v) => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
