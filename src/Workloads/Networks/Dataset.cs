
namespace CimSim.Workloads.Networks;

/// <summary>An image-classification dataset as far as a network needs it: the input shape and the class count.</summary>
/// <param name="Name">Lower-case name used on the command line and in traces.</param>
/// <param name="Input">Shape of one input image.</param>
/// <param name="Classes">Number of classes (width of the classifier).</param>
public sealed record Dataset(string Name, TensorShape Input, int Classes)
{
    /// <summary>CIFAR-10: 3×32×32, 10 classes.</summary>
    public static readonly Dataset Cifar10 = new("cifar10", new TensorShape(3, 32, 32), 10);
    /// <summary>CIFAR-100: 3×32×32, 100 classes.</summary>
    public static readonly Dataset Cifar100 = new("cifar100", new TensorShape(3, 32, 32), 100);
    /// <summary>TinyImageNet: 3×64×64, 200 classes.</summary>
    public static readonly Dataset TinyImageNet = new("tinyimagenet", new TensorShape(3, 64, 64), 200);
    /// <summary>ImageNet (ILSVRC-2012) at the usual 224×224 crop, 1000 classes.</summary>
    public static readonly Dataset ImageNet = new("imagenet", new TensorShape(3, 224, 224), 1000);

    /// <summary>Fashion-MNIST (Xiao et al. 2017): 1×28×28 grey-level images, 10 classes; data in <c>CimSim.Workloads.Datasets</c>.</summary>
    public static readonly Dataset FashionMnist = new("fashion-mnist", new TensorShape(1, 28, 28), 10);

    /// <summary>The dataset label of a network whose input is no known dataset's.</summary>
    public const string Custom = "custom";

    /// <summary>Every known dataset.</summary>
    public static IReadOnlyList<Dataset> All { get; } = [Cifar10, Cifar100, TinyImageNet, ImageNet, FashionMnist];

    /// <summary>The known dataset called exactly <paramref name="name"/> (as networks and traces record it), or null.</summary>
    public static Dataset? Named(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The dataset called <paramref name="name"/> (case-insensitive); an <see cref="InputException"/> naming <paramref name="field"/> otherwise.</summary>
    public static Dataset Get(string name, string field = "--dataset")
    {
        foreach (var d in All)
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) return d;
        // The shipped Fashion-MNIST subset and a split suffix name the same shape.
        if (name.Equals("fashion-mnist-1k", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith("fashion-mnist:", StringComparison.OrdinalIgnoreCase)) return FashionMnist;
        throw new InputException(null, 0, 0, field,
            $"unknown dataset '{name}'; known: {string.Join(", ", All.Select(d => d.Name))}");
    }
}
