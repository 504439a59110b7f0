using static TorchSharp.torch;

namespace CimSim.Training.Models;

/// <summary>
/// A trainable network whose crossbar layers (<see cref="CrossbarLayer"/>, named as the compiler names them) are
/// what the model format stores: <see cref="ResNet20"/> and <see cref="SequentialNet"/>. Stages fold, quantize,
/// calibrate, import and export through <see cref="Layers"/>; the forward is the module's.
/// </summary>
public interface ICrossbarNetwork
{
    /// <summary>The crossbar layers in network order.</summary>
    IReadOnlyList<CrossbarLayer> Layers { get; }

    /// <summary>The network as a TorchSharp module (itself).</summary>
    nn.Module<Tensor, Tensor> Module { get; }
}
