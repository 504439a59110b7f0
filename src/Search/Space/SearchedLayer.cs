namespace CimSim.Search.Space;

/// <summary>A layer whose design is searched: its name, the values its knobs may take, and its choice in the baseline.</summary>
/// <param name="Name">Layer name in the network.</param>
/// <param name="Knobs">Allowed values.</param>
/// <param name="Base">The baseline chip and network's choice for this layer.</param>
public sealed record SearchedLayer(string Name, KnobSet Knobs, LayerChoice Base);
