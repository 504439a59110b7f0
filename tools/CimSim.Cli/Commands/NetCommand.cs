using System.CommandLine;
using System.Globalization;
using CimSim.Workloads.Inference;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Onnx;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim net NAME|FILE [--dataset D]</c>: a network's layers with shapes, MACs and weights.</summary>
public static class NetCommand
{
    public static Command Create(TextWriter stdout)
    {
        var network = new Argument<string>("network") { Description = "Zoo network (vgg8, vgg16, resnet20, resnet18; e.g. vgg16:channels=...), a network YAML file, an ONNX model or a trained model directory." };
        var dataset = new Option<string?>("--dataset") { Description = "cifar10, cifar100, tinyimagenet or imagenet (default: the network's own)." };
        var cmd = new Command("net", "Print a network's layers, shapes, MACs and weights.") { network, dataset };
        cmd.SetAction(r =>
        {
            string spec = r.GetValue(network)!;
            Print(spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? OnnxImporter.Load(spec, r.GetValue(dataset)).Network
                : TrainedModel.IsModelDirectory(spec) ? TrainedModel.Load(spec, r.GetValue(dataset)).Network
                : NetworkSource.Load(spec, r.GetValue(dataset)), stdout);
            return 0;
        });
        return cmd;
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static void Print(Network net, TextWriter o)
    {
        o.WriteLine($"network {net.Name} (dataset {net.Dataset}, input {net.Input})");
        o.WriteLine($"  {"#",3}  {"name",-20} {"op",-15} {"input",-12} {"output",-12} {"k/s/p",-7} {"inputs",-8} {"MACs",15} {"weights",12}");
        foreach (var l in net.Layers)
        {
            string ksp = l.Op is LayerOp.Conv or LayerOp.DepthwiseConv or LayerOp.MaxPool or LayerOp.AvgPool
                ? $"{l.KernelSize}/{l.Stride}/{l.Padding}" : "-";
            string srcs = string.Join(",", l.Sources.Select(s => s < 0 ? "in" : s.ToString(CultureInfo.InvariantCulture)));
            string name = l.Name + (l.Relu ? "+relu" : "");
            o.WriteLine($"  {l.Index,3}  {name,-20} {l.Op,-15} {l.Input,-12} {l.Output,-12} {ksp,-7} {srcs,-8} {N(l.Macs),15} {N(l.Weights),12}");
        }
        o.WriteLine($"total: {N(net.Macs)} MACs ({N(2 * net.Macs)} ops), {N(net.Weights)} weights, {net.Layers.Count(l => l.IsCrossbar)} crossbar layers of {net.Layers.Count}");
    }
}
