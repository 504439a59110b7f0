using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace CimSim.Cli;

/// <summary>
/// Where the CLI writes results, checked before any work and written so that nothing is lost or half-written.
/// <list type="bullet">
/// <item>Checked up front (<see cref="CheckFile"/>, <see cref="CheckDirectory"/>): the path is not empty; it is not a
/// directory (for a file) or a file (for a directory); an existing output is replaced only with --force and only if
/// it is a regular file; the folder it goes in exists (CimSim does not create missing parents, so that a typo does
/// not scatter results: an output directory given with --out is itself created if missing, its parent must exist)
/// and accepts new files (a probe file is created and removed: this catches read-only mounts, permissions and
/// ACLs alike, for root too).</item>
/// <item>Written atomically (WriteAll): every file of a set is written under a temporary name in its
/// final folder and flushed to disk first; only when all are complete are they renamed to their names. A full disk
/// or any other failure removes the temporary files and leaves the outputs as they were; so does a SIGTERM or SIGHUP
/// (a killed job), whose default ending then follows.</item>
/// </list>
/// Every failure is one <see cref="InputException"/> naming the option, the path and what is wrong (exit code 2).
/// </summary>
public static class OutputFiles
{
    /// <summary>Checks that <paramref name="path"/> can receive an output file; returns it as given.</summary>
    public static string CheckFile(string path, bool force, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException(null, 0, 0, option, "an empty path was given where an output file was expected");
        var (kind, _, _) = InputFiles.Stat(path);
        if (kind == InputFiles.FileKind.Directory) throw Bad(option, $"'{path}' is a directory, not a file");
        if (kind != InputFiles.FileKind.Missing)
        {
            if (kind != InputFiles.FileKind.Regular) throw Bad(option, $"'{path}' exists and is not a regular file; CimSim replaces only regular files");
            if (!force) throw Bad(option, $"'{path}' exists; pass --force to overwrite it");
        }
        else if (new FileInfo(path).LinkTarget is not null) throw Bad(option, $"'{path}' is a dangling symbolic link; remove it or choose another path");
        CheckWritableFolder(FolderOf(path), option);
        return path;
    }

    /// <summary>
    /// Checks that <paramref name="dir"/> can receive the output files <paramref name="names"/> (an output set):
    /// each as <see cref="CheckFile"/>; a missing <paramref name="dir"/> is fine if its parent exists and is writable.
    /// </summary>
    public static void CheckDirectory(string dir, bool force, string option, IEnumerable<string> names)
    {
        if (string.IsNullOrWhiteSpace(dir)) throw new InputException(null, 0, 0, option, "an empty path was given where an output directory was expected");
        var (kind, _, _) = InputFiles.Stat(dir);
        if (kind == InputFiles.FileKind.Missing)
        {
            CheckWritableFolder(FolderOf(dir), option);
            return;
        }
        if (kind != InputFiles.FileKind.Directory) throw Bad(option, $"'{dir}' is not a directory");
        foreach (var n in names) CheckFile(Path.Combine(dir, n), force, option);
        CheckWritableFolder(dir, option);
    }

    /// <summary>Writes one file atomically (see the class summary).</summary>
    public static void Write(string path, string content, bool force, string option) =>
        WriteAll([(path, content)], force, option);

    /// <summary>Writes bytes (charts: SVG, PDF) atomically.</summary>
    public static void Write(string path, byte[] content, bool force, string option) =>
        WriteAll([(path, content)], force, option);

    /// <summary>Writes a set of text files (UTF-8) completely or not at all (see the class summary).</summary>
    public static void WriteAll(IReadOnlyList<(string Path, string Content)> files, bool force, string option) =>
        WriteAll(files.Select(f => (f.Path, Encoding.UTF8.GetBytes(f.Content))).ToList(), force, option);

    /// <summary>Writes a set of files completely or not at all (see the class summary).</summary>
    public static void WriteAll(IReadOnlyList<(string Path, byte[] Content)> files, bool force, string option) =>
        WriteAll(files.Select(f => (f.Path, (Action<Stream>)(s => s.Write(f.Content)))).ToList(), force, option, Open);

    /// <summary>
    /// Fails before any work is done when <paramref name="path"/> cannot receive an output file (the older name of
    /// <see cref="CheckFile"/>).
    /// A file in an output directory that does not exist yet is fine when that directory's parent accepts new files
    /// (the directory is created when the outputs are written), as for <see cref="CheckDirectory"/>.
    /// </summary>
    public static void CheckFree(string path, bool force, string option)
    {
        if (!string.IsNullOrWhiteSpace(path) && InputFiles.Stat(FolderOf(path)).Kind == InputFiles.FileKind.Missing)
            CheckDirectory(FolderOf(path), force, option, []);
        else CheckFile(path, force, option);
    }

    /// <summary>Writes one file atomically from a stream writer (a trace, say).</summary>
    public static void WriteStreaming(string path, Action<Stream> write, bool force, string option) =>
        WriteAll([(path, write)], force, option, Open);

    /// <summary>
    /// The atomic set writer; <paramref name="open"/> creates a temporary file (tests pass one that fails like a
    /// full disk).
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files, bool force, string option, Func<string, Stream> open)
    {
        var created = new List<string>();
        var temps = new List<(string Temp, string Path)>();
        string current = files.Count > 0 ? files[0].Path : "";
        try
        {
            foreach (var (path, write) in files)
            {
                current = path;
                string folder = FolderOf(path);
                if (!Directory.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                    created.Add(folder);
                }
                string temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
                temps.Add((temp, path));
                Track(temp);
                using var s = open(temp);
                write(s);
                s.Flush();
                if (s is FileStream fs) fs.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Clean(temps, created);
            throw Bad(option, $"cannot write '{current}': {InputFiles.Reason(e)}; nothing was written");
        }
        catch
        {
            Clean(temps, created);
            throw;
        }
        var moved = new List<string>();
        try
        {
            foreach (var (temp, path) in temps)
            {
                current = path;
                if (!force && File.Exists(path)) throw new IOException($"'{path}' appeared while writing; pass --force to overwrite it");
                File.Move(temp, path, overwrite: true);
                Live.TryRemove(temp, out _);
                moved.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without --force nothing existed under these names: remove what was already renamed.
            if (!force) foreach (var m in moved) TryDelete(m);
            Clean(temps, created);
            throw Bad(option, $"cannot write '{current}': {InputFiles.Reason(e)}");
        }
    }

    private static Stream Open(string temp) => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

    // Temporary files being written, removed by a SIGTERM or SIGHUP before the process ends (SIGINT is left to the
    // commands that cancel on it and clean up themselves).
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);
    private static PosixSignalRegistration[]? _onKill;

    private static void Track(string temp)
    {
        if (Volatile.Read(ref _onKill) is null && !OperatingSystem.IsWindows())
        {
            var handlers = new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP }
                .Select(sig => PosixSignalRegistration.Create(sig, _ => { foreach (var t in Live.Keys) TryDelete(t); })).ToArray();
            if (Interlocked.CompareExchange(ref _onKill, handlers, null) is not null) foreach (var h in handlers) h.Dispose();
        }
        Live[temp] = 0;
    }

    private static void Clean(List<(string Temp, string Path)> temps, List<string> created)
    {
        foreach (var (temp, _) in temps)
        {
            TryDelete(temp);
            Live.TryRemove(temp, out _);
        }
        for (int i = created.Count - 1; i >= 0; i--)
            try { if (!Directory.EnumerateFileSystemEntries(created[i]).Any()) Directory.Delete(created[i]); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string FolderOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? Path.GetPathRoot(Path.GetFullPath(path))!;

    /// <summary>The folder exists, is a directory and accepts new files (a probe file is created and removed).</summary>
    private static void CheckWritableFolder(string folder, string option)
    {
        var (kind, _, error) = InputFiles.Stat(folder);
        if (kind == InputFiles.FileKind.Missing)
            throw Bad(option, error is null or "No such file or directory"
                ? $"directory '{folder}' does not exist; create it first"
                : $"directory '{folder}' cannot be reached: {error}");
        if (kind != InputFiles.FileKind.Directory) throw Bad(option, $"'{folder}' is not a directory");
        string probe = Path.Combine(folder, $".cimsim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "it does not accept new files" : InputFiles.Reason(e);
            throw Bad(option, $"cannot create files in '{folder}': {why}");
        }
        finally { TryDelete(probe); }
    }

    private static InputException Bad(string option, string reason) => new(null, 0, 0, option, reason);

    /// <summary>A path under the repository (the launcher sets CIMSIM_HOME), else relative to the working directory.</summary>
    public static string Bundled(string relative)
    {
        var home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        return string.IsNullOrEmpty(home) ? relative : Path.Combine(home, relative);
    }
}
