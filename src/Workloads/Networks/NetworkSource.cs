
namespace CimSim.Workloads.Networks;

/// <summary>Turns what a user types for a network — a zoo spec or a YAML file — into a <see cref="Network"/>.</summary>
public static class NetworkSource
{
    /// <summary>
    /// A zoo spec (<see cref="NetworkZoo"/>) or, when <paramref name="nameOrFile"/> ends in .yaml/.yml or names an
    /// existing file, a YAML network. <paramref name="dataset"/> (null: the network's default) picks the input.
    /// </summary>
    public static Network Load(string nameOrFile, string? dataset)
    {
        var ds = dataset is null ? null : Dataset.Get(dataset);
        bool yaml = nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                 || nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                 || (!NetworkZoo.IsZooSpec(nameOrFile) && File.Exists(nameOrFile));
        return yaml ? NetworkYamlLoader.LoadFile(nameOrFile, ds) : NetworkZoo.Create(nameOrFile, ds);
    }
}
