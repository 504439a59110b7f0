using CimSim.Training.Models;
using static TorchSharp.torch;

namespace CimSim.Training.Quantization;

/// <summary>Placeholder; filled by the QAT/PSQ stages.</summary>
internal abstract class LayerQuantizer
{
    public abstract Tensor Forward(CrossbarLayer layer, Tensor x);
}
