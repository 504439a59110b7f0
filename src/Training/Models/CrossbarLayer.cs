using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CimSim.Training.Models;

/// <summary>
/// A layer the chip computes on crossbars (conv or fully connected; an FC layer is a 1×1 conv on a 1×1 map).
/// Float stage: conv without bias + batch norm (FC: with bias). After <see cref="FoldBatchNorm"/>: folded weight
/// and a per-channel bias (added digitally after the readout, as the simulator does). Quantized stages add
/// learned steps (LSQ) and, for PSQ, the crossbar emulation with learned α (<see cref="Quantization"/>).
/// </summary>
public sealed class CrossbarLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>The zoo's layer name (e.g. <c>layer2.0.conv1</c>).</summary>
    public string LayerName { get; }
    /// <summary>Whether the layer is the fully connected classifier (weights saved as out × in).</summary>
    public bool IsFullyConnected { get; }
    /// <summary>Stride.</summary>
    public int Stride { get; }
    /// <summary>Kernel size.</summary>
    public int Kernel { get; }
    /// <summary>Input channels.</summary>
    public int InChannels { get; }
    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    internal readonly Parameter Weight;
    internal readonly Parameter Bias;
    internal readonly BatchNorm2d? Bn;
    /// <summary>Whether batch norm has been folded into <see cref="Weight"/> and <see cref="Bias"/>.</summary>
    public bool Folded { get; private set; }
    /// <summary>Quantization state (null in the float stage).</summary>
    internal Quantization.LayerQuantizer? Quantizer;

    private CrossbarLayer(string name, int inCh, int outCh, int k, int stride, bool fc, int? padding = null) : base(name)
    {
        LayerName = name;
        Padding = padding ?? (k - 1) / 2;
        IsFullyConnected = fc;
        Stride = stride;
        Kernel = k;
        InChannels = inCh;
        OutChannels = outCh;
        var w = empty(outCh, inCh, k, k);
        nn.init.kaiming_normal_(w, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU);
        Weight = new Parameter(w);
        double bound = 1.0 / Math.Sqrt(inCh);
        Bias = new Parameter(fc ? empty(outCh).uniform_(-bound, bound) : zeros(outCh));
        if (fc) Folded = true;
        else Bn = nn.BatchNorm2d(outCh);
        RegisterComponents();
    }

    internal static CrossbarLayer Conv(string name, int inCh, int outCh, int stride) => new(name, inCh, outCh, 3, stride, fc: false);
    /// <summary>A layer of any odd kernel size (padding (k − 1)/2); fully connected when <paramref name="fc"/> (k must be 1).</summary>
    internal static CrossbarLayer Create(string name, int inCh, int outCh, int k, int stride, bool fc) => new(name, inCh, outCh, k, stride, fc);
    /// <summary>A conv of any kernel, stride and zero padding (as the network spec gives them).</summary>
    internal static CrossbarLayer Conv(string name, int inCh, int outCh, int k, int stride, int padding) => new(name, inCh, outCh, k, stride, fc: false, padding);
    internal static CrossbarLayer Fc(string name, int inFeatures, int outFeatures) => new(name, inFeatures, outFeatures, 1, 1, fc: true);

    /// <summary>Called with the layer's input at the start of every forward (calibration passes).</summary>
    internal Action<CrossbarLayer, Tensor>? OnInput;

    /// <summary>Quantizes the layer at the chip's precisions (QAT); batch norm must be folded.</summary>
    internal void EnableQuantization(CimSim.Workloads.Mapping.MappingTarget chip, int weightBits, int inputBits)
    {
        if (!Folded) throw new InvalidOperationException("fold batch norm before quantizing");
        Quantizer = new Quantization.LayerQuantizer(chip, weightBits, inputBits);
        register_parameter("act_step", Quantizer.ActStep);
        register_parameter("weight_step", Quantizer.WeightStep);
    }

    /// <summary>Switches the quantized layer to the crossbar readout with α calibrated on the batches given to
    /// <see cref="Quantization.LayerQuantizer.AccumulateCalibration"/> (PSQ).</summary>
    internal void EnablePsq() => register_parameter("alpha", Quantizer!.EnablePsq());

    /// <summary>Zero padding of the convolution on each side ((k − 1)/2 unless the network spec gives another).</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        OnInput?.Invoke(this, x);
        if (Quantizer is not null) return Quantizer.Forward(this, x);
        if (Folded) return nn.functional.conv2d(x, Weight, Bias, strides: [Stride, Stride], padding: [Padding, Padding]);
        return Bn!.forward(nn.functional.conv2d(x, Weight, null, strides: [Stride, Stride], padding: [Padding, Padding]));
    }

    /// <summary>
    /// Folds batch norm (running statistics) into the weight and a per-channel bias and stops using it:
    /// w' = w·γ/√(σ²+ε), b' = β − γ·μ/√(σ²+ε). The float function in eval mode is unchanged.
    /// </summary>
    public void FoldBatchNorm()
    {
        if (Folded) return;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var bn = Bn!;
        var inv = bn.weight!.detach() / (bn.running_var!.detach() + bn.eps).sqrt();
        Weight.copy_(Weight.detach() * inv.reshape(-1, 1, 1, 1));
        Bias.copy_(bn.bias!.detach() - bn.running_mean!.detach() * inv);
        Folded = true;
    }
}
