using CimSim.Simulator.Architecture;
using CimSim.Workloads.Networks;
using CimSim.Search.Space;

namespace CimSim.Search.Evaluation;

/// <summary>A design made concrete: the network (and the zoo spec that rebuilds it) and the chip that runs it.</summary>
/// <param name="Design">The design.</param>
/// <param name="NetworkSpec">Zoo spec of the network, e.g. <c>vgg16:channels=…:input_bits=…</c>; <c>cimsim run --network</c> accepts it.</param>
/// <param name="Network">The network.</param>
/// <param name="Chip">The chip: the base chip with tiles fitted to the network and the searched layers' peripherals.</param>
public sealed record RealizedDesign(Design Design, string NetworkSpec, Network Network, ChipSpec Chip);
