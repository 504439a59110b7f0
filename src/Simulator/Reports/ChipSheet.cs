using System.Text.Json.Serialization;
using CimSim.Components.Costs;
using CimSim.Simulator.Architecture;
using CimSim.Workloads.Json;

namespace CimSim.Simulator.Reports;

/// <summary>
/// A chip's reference sheet (Accelergy's reference tables; <c>cimsim arch</c>): its components with instances,
/// area, leakage and each action's energy and latency, and the area by component class as a report sums it.
/// <paramref name="Components"/> are the chip's own, or the assembly's when per-layer readouts size tile groups.
/// A chip of <c>tiles: auto</c> not sized for a network (<paramref name="Sized"/> false) is shown as one tile.
/// </summary>
/// <param name="Spec">The chip as shown (one tile when not sized).</param>
/// <param name="Components">Its components.</param>
/// <param name="TilesAuto">Whether the file says <c>hierarchy.tiles: auto</c>.</param>
/// <param name="Sized">Whether the tile count is known (given, or sized for <paramref name="SizedFor"/>).</param>
/// <param name="SizedFor">The network an auto chip was sized for, e.g. <c>vgg16 (cifar10)</c>.</param>
public sealed record ChipSheet(ChipSpec Spec, IReadOnlyList<ComponentCost> Components, bool TilesAuto = false, bool Sized = true, string? SizedFor = null)
{
    /// <summary>Schema of <see cref="ToJson"/>.</summary>
    public const string Schema = "cimsim.arch/1";

    /// <summary>Area by component class, mm², in the order the classes first appear.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> AreaMm2ByClass =>
        [.. Components.Select(c => c.ComponentClass).Distinct()
            .Select(cls => KeyValuePair.Create(cls, Components.Where(c => c.ComponentClass == cls).Sum(c => c.TotalAreaMm2)))];

    /// <summary>Total area, mm² (the sum of <see cref="AreaMm2ByClass"/>).</summary>
    public double TotalAreaMm2 => AreaMm2ByClass.Sum(kv => kv.Value);

    /// <summary>Total leakage of every instance, µW.</summary>
    public double TotalLeakageUw => Components.Sum(c => c.TotalLeakageUw);

    /// <summary>The columns one ADC instance kind serves (a per-layer group's own for <c>adc@LAYER</c>).</summary>
    public int ColumnSharing(ComponentCost adc) =>
        adc.Name.Split('@') is [_, var layer] ? Spec.LayerPeripherals.First(p => p.Layer == layer).ColumnSharing : Spec.ColumnSharing;

    /// <summary>The sheet as JSON (schema <see cref="Schema"/>), indented, ending in a newline.</summary>
    public string ToJson()
    {
        var s = Spec;
        var doc = new ChipSheetDocument(Schema, s.Name, s.FileName,
            new(s.NodeNm, Lower(s.Roadmap), s.VddV, s.ClockPeriodPs, Lower(s.Preset)),
            new(Sized ? s.Tiles : null, TilesAuto, TilesAuto ? SizedFor : null, s.PesPerTile, s.CrossbarsPerPe), Sized ? null : 1, TotalAreaMm2, TotalLeakageUw, AreaMm2ByClass.ToDictionary(),
            [.. Components.Select(c => new SheetComponent(c.Name, c.ComponentClass, c.Instances, c.AreaUm2, c.LeakageUw, c.TotalAreaMm2,
                c.ComponentClass == ComponentClasses.Adc ? ColumnSharing(c) : null, (c as DcimCost)?.ColumnsPerCycle, (c as BufferCost)?.SizeBytes,
                c switch { BufferCost b => b.WidthBits, LinkCost l => l.WidthBits, _ => null }, c.Actions.ToDictionary(), c.Source))]);
        return JsonText.Document(doc, ReportJsonContext.Default.ChipSheetDocument);
    }

    private static string Lower<T>(T v) where T : struct, Enum => v.ToString().ToLowerInvariant();
}

/// <summary>The sheet as it is written (schema <see cref="ChipSheet.Schema"/>).</summary>
internal sealed record ChipSheetDocument(
    string Schema, string Name, string File, SheetTechnology Technology, SheetHierarchy Hierarchy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FiguresForTiles,
    double TotalAreaMm2, double TotalLeakageUw, Dictionary<string, double> AreaMm2, IReadOnlyList<SheetComponent> Components);

internal sealed record SheetTechnology(int NodeNm, string Roadmap, double VddV, long ClockPeriodPs, string Preset);

/// <summary><c>tiles</c> is null for an auto chip not sized for a network; <c>sized_for</c> only for an auto chip sized for one.</summary>
internal sealed record SheetHierarchy(int? Tiles, bool TilesAuto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SizedFor, int PesPerTile, int CrossbarsPerPe);

/// <summary>One component of the sheet; the fields of one kind only (ADC, DCiM, buffer, link) are left out for the others.</summary>
internal sealed record SheetComponent(
    string Name,
    [property: JsonPropertyName("class")] string ComponentClass,
    long Instances, double AreaUm2, double LeakageUw, double TotalAreaMm2,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ColumnSharing,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ColumnsPerCycle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SizeBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WidthBits,
    Dictionary<string, ActionCost> Actions,
    string Source);
