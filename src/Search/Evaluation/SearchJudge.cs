using System.Globalization;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>
/// The accuracy side of a judge (docs/SEARCH.md §"Accuracy"): phase 1 checks the NASWOT proxy of a design's network
/// against a floor; phase 2 and the final verdict check a design's measured validation accuracy against a floor (a
/// design whose accuracy has not been measured is not feasible).
/// </summary>
/// <param name="Proxy">Proxy score of a network spec, or null (not checked).</param>
/// <param name="ProxyFloor">Smallest allowed proxy score.</param>
/// <param name="Accuracy">Measured validation accuracy of a result key (null: not measured), or null (not checked).</param>
/// <param name="AccuracyFloor">Smallest allowed accuracy (0–1).</param>
public sealed record AccuracyCheck(Func<string, double>? Proxy, double ProxyFloor, Func<string, double?>? Accuracy, double AccuracyFloor);

/// <summary>Judges full-simulator results against a space's objective and constraints.</summary>
public sealed class SearchJudge
{
    private readonly SearchSpace _space;
    private readonly long _baseMacs, _baseWeights;
    private readonly bool _checkSqnr;
    private readonly AccuracyCheck? _accuracy;

    /// <summary>The baseline's metrics, which normalise a mixed objective.</summary>
    public DesignMetrics Baseline { get; }
    /// <summary>The SQNR every searched layer must reach, dB (the space's, or the baseline's worst searched layer); null: none.</summary>
    public double? MinSqnrDb { get; }

    /// <summary>
    /// A judge for <paramref name="space"/> with the baseline's full evaluation; <paramref name="checkSqnr"/> false
    /// leaves out the SQNR constraint (phase 1, whose precision phase 2 then chooses).
    /// </summary>
    public SearchJudge(SearchSpace space, DesignResult baseline, bool checkSqnr = true, AccuracyCheck? accuracy = null)
    {
        _space = space;
        _checkSqnr = checkSqnr;
        _accuracy = accuracy;
        Baseline = baseline.Metrics;
        MinSqnrDb = space.Constraints.MinSqnrFromBaseline
            ? space.Layers.Select(l => baseline.Layer(l.Name)?.SqnrDb ?? double.PositiveInfinity).DefaultIfEmpty(double.PositiveInfinity).Min()
            : space.Constraints.MinSqnrDb;
        _baseMacs = space.BaseNetwork.Macs;
        _baseWeights = space.BaseNetwork.Weights;
    }

    /// <summary>The accuracy floor this judge checks (0 when it checks none).</summary>
    public double AccuracyFloor => _accuracy?.Accuracy is null ? 0 : _accuracy.AccuracyFloor;

    /// <summary>The objective's value for <paramref name="m"/>.</summary>
    public double Objective(DesignMetrics m) => _space.Objective.Value(m, Baseline);

    /// <summary>Judges <paramref name="r"/>.</summary>
    public DesignAssessment Assess(DesignResult r)
    {
        var c = _space.Constraints;
        var v = new List<string>();
        double amount = 0;
        var inv = CultureInfo.InvariantCulture;
        double area = r.Metrics.AreaMm2;
        if (c.AreaTargetMm2 is not null)
        {
            if (area > c.AreaMaxMm2) { v.Add(string.Create(inv, $"area {area:F2} mm² > {c.AreaMaxMm2:F2}")); amount += area / c.AreaMaxMm2 - 1; }
            if (area < c.AreaMinMm2) { v.Add(string.Create(inv, $"area {area:F2} mm² < {c.AreaMinMm2:F2}")); amount += 1 - area / c.AreaMinMm2; }
        }
        double minSqnr = double.PositiveInfinity;
        foreach (var l in _space.Layers)
            if (r.Layer(l.Name) is { } lo && lo.SqnrDb < minSqnr) minSqnr = lo.SqnrDb;
        if (_checkSqnr && MinSqnrDb is { } s && minSqnr < s)
        {
            var worst = _space.Layers.Select(l => r.Layer(l.Name)).Where(l => l is not null && l.SqnrDb < s).Select(l => l!.Name);
            v.Add(string.Create(inv, $"SQNR {minSqnr:F1} dB < {s:F1} ({string.Join(", ", worst)})"));
            amount += (s - minSqnr) / Math.Max(1, Math.Abs(s));
        }
        double macs = (double)r.Macs / _baseMacs, weights = (double)r.Weights / _baseWeights;
        if (c.MinMacsFraction is { } fm && macs < fm) { v.Add(string.Create(inv, $"MACs {macs:P1} of baseline < {fm:P1}")); amount += 1 - macs / fm; }
        if (c.MinWeightsFraction is { } fw && weights < fw) { v.Add(string.Create(inv, $"weights {weights:P1} of baseline < {fw:P1}")); amount += 1 - weights / fw; }
        double? proxy = null, accuracy = null;
        if (_accuracy?.Proxy is { } score)
        {
            proxy = score(r.NetworkSpec);
            double floor = _accuracy.ProxyFloor;
            if (proxy < floor) { v.Add(string.Create(inv, $"NASWOT {proxy:F1} < {floor:F1}")); amount += (floor - proxy.Value) / Math.Max(1, Math.Abs(floor)); }
        }
        if (_accuracy?.Accuracy is { } measured)
        {
            accuracy = measured(r.Key);
            double floor = _accuracy.AccuracyFloor;
            if (accuracy is null) { v.Add("accuracy not measured"); amount += 1; }
            else if (accuracy < floor) { v.Add(string.Create(inv, $"accuracy {100 * accuracy:F2} % < {100 * floor:F2} %")); amount += floor - accuracy.Value; }
        }
        return new DesignAssessment(Objective(r.Metrics), v, amount, minSqnr, macs, weights) { EdapPjNsMm2 = r.Metrics.EdapPjNsMm2, Proxy = proxy, Accuracy = accuracy };
    }
}
