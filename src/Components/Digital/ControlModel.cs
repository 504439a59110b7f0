using CimSim.Components.Costs;
using CimSim.Components.Logic;
using CimSim.Components.Technology;

namespace CimSim.Components.Digital;

/// <summary>Per-tile control (sequencer, address counters, configuration registers): area and leakage only.</summary>
public static class ControlModel
{
    /// <summary>The control blocks' cost table: <paramref name="gates"/> gate equivalents each.</summary>
    public static ComponentCost Cost(TechnologyNode t, int gates, long instances) =>
        new(ComponentNames.Control, ComponentClasses.Control, instances, gates * LogicCells.GateAreaUm2(t), gates * LogicCells.GateLeakageUw(t),
            new Dictionary<string, ActionCost>(),
            $"{gates} gate equivalents per tile");
}
