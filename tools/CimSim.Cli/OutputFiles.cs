namespace CimSim.Cli;

/// <summary>Writes result files without silently replacing anything the user has: an existing file needs --force.</summary>
public static class OutputFiles
{
    public static void Write(string path, string content, bool force, string option)
    {
        CheckFree(path, force, option);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        try { File.WriteAllText(path, content); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(null, 0, 0, option, $"cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>Writes bytes (charts: SVG, PDF) through a temporary file and a rename; see <see cref="CheckFree"/>.</summary>
    public static void Write(string path, byte[] content, bool force, string option)
    {
        CheckFree(path, force, option);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        try { CimSim.Simulator.Plots.ChartFiles.WriteAtomic(path, content); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(null, 0, 0, option, $"cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>Fails before any work is done when <paramref name="path"/> exists and --force was not given.</summary>
    public static void CheckFree(string path, bool force, string option)
    {
        if (File.Exists(path) && !force)
            throw new InputException(null, 0, 0, option, $"'{path}' exists; pass --force to overwrite it");
        if (Directory.Exists(path) && option != "--csv" && option != "--out")
            throw new InputException(null, 0, 0, option, $"'{path}' is a directory, not a file");
    }

    /// <summary>A path under the repository (the launcher sets CIMSIM_HOME), else relative to the working directory.</summary>
    public static string Bundled(string relative)
    {
        var home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        return string.IsNullOrEmpty(home) ? relative : Path.Combine(home, relative);
    }
}
