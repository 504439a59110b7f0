using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CimSim.Training;

/// <summary>
/// The training loop: SGD with Nesterov momentum (written out here so that its state is plain tensors a
/// checkpoint holds), cosine learning rate per batch, cross-entropy, per-epoch shuffling and augmentation from
/// a generator seeded by (seed, epoch) — so a run resumed from its checkpoint after epoch e continues exactly as
/// the uninterrupted run would. Deterministic for a seed on one thread. With a teacher and
/// <see cref="TrainingOptions.Distill"/> &gt; 0 the loss also distils the teacher's outputs on the same (augmented) batch.
/// </summary>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly nn.Module<Tensor, Tensor>? _teacher;
    private readonly TrainingOptions _options;
    private readonly Dictionary<string, Tensor> _momentum = new(StringComparer.Ordinal);

    public Trainer(nn.Module<Tensor, Tensor> model, TrainingOptions options, nn.Module<Tensor, Tensor>? teacher = null)
    {
        _model = model;
        _options = options;
        if (!(options.Distill >= 0 && options.Distill <= 1)) throw new ArgumentOutOfRangeException(nameof(options), $"distillation weight {options.Distill} outside [0, 1]");
        _teacher = options.Distill > 0 ? teacher ?? throw new ArgumentException("distillation needs a teacher", nameof(teacher)) : null;
    }

    /// <summary>The distillation term T²·KL(softmax(teacher/T) ‖ softmax(student/T)), averaged over the batch.</summary>
    public static Tensor DistillationLoss(Tensor studentLogits, Tensor teacherLogits, double temperature)
    {
        var target = nn.functional.log_softmax(teacherLogits / temperature, 1);
        var student = nn.functional.log_softmax(studentLogits / temperature, 1);
        return (target.exp() * (target - student)).sum(1).mean() * (temperature * temperature);
    }

    /// <summary>Whether weight decay applies to parameter <paramref name="name"/> (not to steps, α or biases of BN).</summary>
    private static bool Decays(string name) => !name.Contains("step", StringComparison.OrdinalIgnoreCase)
        && !name.Contains("alpha", StringComparison.OrdinalIgnoreCase);

    /// <summary>Trains one epoch (1-based) and returns the mean loss and accuracy.</summary>
    public (double Loss, double Accuracy) TrainEpoch(int epoch, TrainingData data, Action<TrainingProgress>? progress)
    {
        var sw = Stopwatch.StartNew();
        int n = data.Count, bs = _options.BatchSize;
        int batches = (n + bs - 1) / bs;
        long totalSteps = (long)batches * _options.Epochs;
        var rng = new Random(unchecked((int)(_options.Seed * 1_000_003 + epoch)));
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        var parameters = _model.named_parameters().ToList();
        _model.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        for (int b = 0; b < batches; b++)
        {
            int start = b * bs, count = Math.Min(bs, n - start);
            var (images, labels) = Batch(data, order.AsSpan(start, count), rng);
            double lr = _options.LearningRateAt((long)(epoch - 1) * batches + b, totalSteps);
            using (var scope = NewDisposeScope())
            {
                using var x = tensor(images, [count, data.Channels, data.Height, data.Width]);
                using var y = tensor(labels, ScalarType.Int64);
                var logits = _model.forward(x);
                var loss = nn.functional.cross_entropy(logits, y);
                if (_teacher is not null)
                {
                    Tensor soft;
                    using (no_grad()) soft = _teacher.forward(x);
                    loss = loss * (1 - _options.Distill) + DistillationLoss(logits, soft, _options.DistillTemperature) * _options.Distill;
                }
                _model.zero_grad();
                loss.backward();
                Step(parameters, lr);
                lossSum += loss.item<float>() * count;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                seen += count;
            }
            progress?.Invoke(new TrainingProgress(epoch, b + 1, batches, lossSum / seen, (double)correct / seen, null, sw.Elapsed.TotalSeconds));
        }
        return (lossSum / seen, (double)correct / seen);
    }

    private void Step(List<(string Name, Parameter P)> parameters, double lr)
    {
        using var _ = no_grad();
        foreach (var (name, p) in parameters)
        {
            var g = p.grad;
            if (g is null) continue;
            var d = g.clone();
            if (_options.WeightDecay > 0 && Decays(name)) d.add_(p, alpha: _options.WeightDecay);
            if (!_momentum.TryGetValue(name, out var buf))
                _momentum[name] = buf = d.clone().MoveToOuterDisposeScope();
            else buf.mul_(_options.Momentum).add_(d);
            d.add_(buf, alpha: _options.Momentum);
            p.add_(d, alpha: -lr);
        }
    }

    /// <summary>Top-1 accuracy of the model on <paramref name="data"/> (eval mode, no augmentation).</summary>
    public static double Evaluate(nn.Module<Tensor, Tensor> model, TrainingData data, int batchSize = 500)
    {
        model.eval();
        using var _ = no_grad();
        long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, data.Count - start);
            var x = tensor(data.Images.AsSpan(start * data.ImageSize, count * data.ImageSize).ToArray(), [count, data.Channels, data.Height, data.Width]);
            var y = tensor(data.Labels.AsSpan(start, count).ToArray().Select(l => (long)l).ToArray());
            correct += model.forward(x).argmax(1).eq(y).sum().item<long>();
        }
        return (double)correct / data.Count;
    }

    /// <summary>A batch with augmentation: random shift of up to the configured pixels (zero fill) and flip.</summary>
    private (float[] Images, long[] Labels) Batch(TrainingData data, ReadOnlySpan<int> idx, Random rng)
    {
        int c = data.Channels, h = data.Height, w = data.Width, size = data.ImageSize, s = _options.AugmentShift;
        var images = new float[idx.Length * size];
        var labels = new long[idx.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            int src = idx[i] * size, dst = i * size;
            labels[i] = data.Labels[idx[i]];
            int dy = s > 0 ? rng.Next(-s, s + 1) : 0, dx = s > 0 ? rng.Next(-s, s + 1) : 0;
            bool flip = _options.AugmentFlip && rng.Next(2) == 1;
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                {
                    int sy = y + dy;
                    if ((uint)sy >= (uint)h) continue;
                    for (int x = 0; x < w; x++)
                    {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        if ((uint)sx >= (uint)w) continue;
                        images[dst + (ch * h + y) * w + x] = data.Images[src + (ch * h + sy) * w + sx];
                    }
                }
        }
        return (images, labels);
    }

    /// <summary>Model parameters, buffers and momentum, for a checkpoint.</summary>
    public IEnumerable<(string, Tensor)> State()
    {
        foreach (var (name, t) in _model.state_dict()) yield return ("model/" + name, t);
        foreach (var (name, t) in _momentum.OrderBy(kv => kv.Key, StringComparer.Ordinal)) yield return ("momentum/" + name, t);
    }

    /// <summary>Restores <see cref="State"/>.</summary>
    public void LoadState(Dictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        var sd = _model.state_dict();
        foreach (var (name, t) in sd)
        {
            if (!state.TryGetValue("model/" + name, out var v)) throw new InvalidDataException($"checkpoint lacks {name}");
            t.copy_(v);
        }
        _momentum.Clear();
        foreach (var (name, t) in state)
            if (name.StartsWith("momentum/", StringComparison.Ordinal)) _momentum[name["momentum/".Length..]] = t;
    }
}
