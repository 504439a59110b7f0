using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using CimSim.Search.Accuracy;
using CimSim.Search.Evaluation;
using CimSim.Search.Space;
using CimSim.Simulator.Plots;
using OxyPlot;

namespace CimSim.Search.Output;

/// <summary>
/// The accuracy parts of a search's outputs (docs/SEARCH.md §"Accuracy"): lines in best.yaml's header (the trained
/// model and the command that measures chip + network together), an <c>accuracy</c> object in best.json, a block in
/// summary.txt, and the validation-error–EDAP chart. Empty for a hardware-only search.
/// </summary>
public static class AccuracyOutputs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The command that runs the best chip with its trained network: energy, latency, area and chip-faithful accuracy.</summary>
    public static string? AccuracyCommand(CoSearchOutcome o, string archPath) => o.Accuracy?.BestModel is { } m
        ? $"cimsim run --arch {archPath} --network {m} --dataset {o.Accuracy.Dataset} --seed {o.Space.CompileSeed}" + (o.Accuracy.Images.Test > 0 ? $" --images {o.Accuracy.Images.Test}" : "")
        : null;

    /// <summary>best.yaml header lines.</summary>
    public static IEnumerable<string> Header(CoSearchOutcome o)
    {
        if (o.Accuracy is not { } a) yield break;
        yield return $"trained network at this design's precisions (model.yaml + .npy): {a.BestModel}";
        yield return $"validation accuracy {AccuracyOracle.Percent(a.BestValidation)}, test accuracy {AccuracyOracle.Percent(a.BestTest)} (trained baseline: {AccuracyOracle.Percent(a.BaselineValidation)} / {AccuracyOracle.Percent(a.BaselineTest)})";
        yield return "Run chip + trained network together (energy, latency, area and accuracy):";
        yield return "  " + AccuracyCommand(o, "best.yaml");
    }

    /// <summary>best.json's <c>accuracy</c> object; null for a hardware-only search.</summary>
    internal static BestAccuracy? Json(CoSearchOutcome o) => o.Accuracy is not { } a ? null : new(
        a.Dataset, a.TestSource, a.Images.Train, a.Images.Validation, a.Images.Proxy, a.Images.Test, a.Budget, a.BaselineProxy, a.ProxyFloor,
        a.BestProxy, a.ProxyMacsFloor, a.BaselineValidation, a.Floor, a.BaselineTest, a.BestValidation, a.BestTest, a.BestModel, a.BaselineModel,
        AccuracyCommand(o, "best.yaml"), a.Trained);

    /// <summary>summary.txt's accuracy block (empty for a hardware-only search).</summary>
    public static string Summary(CoSearchOutcome o)
    {
        if (o.Accuracy is not { } a) return "";
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(Inv, $"accuracy ({a.Dataset}, chip-faithful): training {a.Budget} on the first {a.Images.Train} training images; validation: the last {a.Images.Validation} training images; test: {a.Images.Test} images ({a.TestSource})"));
        sb.AppendLine(string.Create(Inv, $"  phase 1 proxy: NASWOT (log|K|, {a.Images.Proxy} training images) ≥ {a.ProxyFloor:F1} (baseline VGG16 {a.BaselineProxy:F1}); best design's network {a.BestProxy:F1}{(a.ProxyMacsFloor is { } mf ? string.Create(Inv, $"; DP MACs floor {mf:P1} of the baseline's") : "")}"));
        sb.AppendLine($"  validation: trained baseline {AccuracyOracle.Percent(a.BaselineValidation)}, floor {AccuracyOracle.Percent(a.Floor)}, best {AccuracyOracle.Percent(a.BestValidation)} ({a.Validation.Count} design{(a.Validation.Count == 1 ? "" : "s")} measured)");
        sb.AppendLine($"  test:       trained baseline {AccuracyOracle.Percent(a.BaselineTest)}, best {AccuracyOracle.Percent(a.BestTest)}");
        sb.AppendLine($"  networks trained by this run: {a.Trained}; best design's model: {a.BestModel}");
        return sb.ToString();
    }

    /// <summary>Validation error (100 − accuracy, %) against EDAP of every design whose accuracy was measured, with the front.</summary>
    public static PlotModel Chart(CoSearchOutcome o)
    {
        var a = o.Accuracy!;
        var measured = o.All.Where(e => a.Validation.ContainsKey(e.Design.Key)).ToList();
        var series = new List<PointSeries>
        {
            new("baseline chip (trained VGG16)", [new ChartPoint(o.Baseline.Metrics.EdapPjNsMm2, 100 * (1 - a.BaselineValidation), "baseline")], ChartStyle.BlackSlot),
        };
        var ok = measured.Where(e => e.Assessment.Feasible).ToList();
        var bad = measured.Where(e => !e.Assessment.Feasible).ToList();
        ChartPoint P(EvaluatedDesign e) => new(e.Result.Metrics.EdapPjNsMm2, 100 * (1 - a.Validation[e.Design.Key]), Fingerprint.Of(e.Design.Key));
        if (ok.Count > 0) series.Add(new PointSeries("designs meeting every constraint", ok.Select(P).ToList(), 0));
        if (bad.Count > 0) series.Add(new PointSeries("designs below the accuracy floor (or another constraint)", bad.Select(P).ToList(), 1));
        var pts = series.SelectMany(s => s.Points).ToList();
        bool logX = pts.Max(p => p.X) > 10 * pts.Min(p => p.X);
        return ScatterChart.Create("Co-search: validation error against EDAP, with the Pareto front", series,
            "EDAP (pJ·ns·mm²" + (logX ? ", log scale)" : ")"), "Validation error, chip-faithful (%)", logX, false, paretoFront: true,
            subtitle: string.Create(Inv, $"search '{o.Space.Name}': {measured.Count} design{(measured.Count == 1 ? "" : "s")} measured on {a.Images.Validation} validation images; floor {100 * (1 - a.Floor):F2} % error"));
    }
}

/// <summary>best.json's <c>accuracy</c> object (names as NASWOT and the validation/test split call them); absent figures are left out.</summary>
internal sealed record BestAccuracy(
    string Dataset, string TestSource, int TrainImages, int ValidationImages, int ProxyImages, int TestImages, string Training,
    [property: JsonPropertyName("baseline_naswot")] double BaselineProxy,
    [property: JsonPropertyName("naswot_floor")] double ProxyFloor,
    [property: JsonPropertyName("best_naswot"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BestProxy,
    [property: JsonPropertyName("phase1_macs_floor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ProxyMacsFloor,
    double BaselineValidation,
    [property: JsonPropertyName("validation_floor")] double Floor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BaselineTest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BestValidation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BestTest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BestModel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaselineModel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccuracyCommand,
    [property: JsonPropertyName("trained_now")] int Trained);
