using System.CommandLine;
using System.Globalization;
using CimSim.Cli.Printing;
using CimSim.Workloads.Networks;
using CimSim.Workloads.Models;

namespace CimSim.Cli.Commands;

/// <summary><c>cimsim net NAME|FILE [--dataset D]</c>: a network's layers with shapes, MACs and weights.</summary>
public static class NetCommand
{
    public static Command Create(TextWriter stdout)
    {
        var network = new Argument<string>("network") { Description = "Zoo network (vgg8, vgg16, resnet20, resnet18; e.g. vgg16:channels=...), a network YAML file, an ONNX model or a trained model directory." };
        var dataset = CommonOptions.Dataset();
        var cmd = new Command("net", "Print a network's layers, shapes, MACs and weights.") { network, dataset };
        cmd.SetAction(r =>
        {
            string spec = r.GetValue(network)!;
            Print(ModelSource.Load(spec, r.GetValue(dataset)).Network, Terminal.For(r));
            return 0;
        });
        return cmd;
    }

    private static void Print(Network net, Terminal term)
    {
        term.Line($"network {net.Name} (dataset {net.Dataset}, input {net.Input})");
        var t = Tables.New(null, ">#", "name", "op", "input", "output", "k/s/p", "inputs", ">MACs", ">weights");
        foreach (var l in net.Layers)
        {
            string ksp = l.Op is LayerOp.Conv or LayerOp.DepthwiseConv or LayerOp.MaxPool or LayerOp.AvgPool
                ? $"{l.KernelSize}/{l.Stride}/{l.Padding}" : "-";
            string srcs = string.Join(",", l.Sources.Select(s => s < 0 ? "in" : s.ToString(CultureInfo.InvariantCulture)));
            string name = l.Name + (l.Relu ? "+relu" : "");
            t.Row(l.Index.ToString(CultureInfo.InvariantCulture), name, l.Op.ToString(), l.Input.ToString(), l.Output.ToString(), ksp, srcs, Units.Count(l.Macs), Units.Count(l.Weights));
        }
        term.Write(t);
        term.Line($"total: {Units.Count(net.Macs)} MACs ({Units.Count(2 * net.Macs)} ops), {Units.Count(net.Weights)} weights, {net.Layers.Count(l => l.IsCrossbar)} crossbar layers of {net.Layers.Count}");
    }
}
