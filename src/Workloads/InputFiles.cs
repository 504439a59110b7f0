using System.Runtime.InteropServices;
using System.Text;

namespace CimSim;

/// <summary>
/// Opens the files a user names (chip, network and search-space YAML, saved reports, traces, .npy arrays) with one
/// set of checks, each failing as one <see cref="InputException"/> that names the path and what is wrong, before
/// anything is read: the path is not empty; it exists (a dangling symbolic link is said to be one); it is a regular
/// file (not a directory, a device such as <c>/dev/zero</c>, a FIFO or a socket, which could block or never end); it
/// can be read; and it is no larger than the limit of its kind (<see cref="YamlMaxBytes"/>, <see cref="JsonMaxBytes"/>,
/// <see cref="NpyMaxBytes"/>; traces are streamed and have no size limit). Lives in the lowest assembly that reads
/// user files so that every loader uses it.
/// </summary>
public static partial class InputFiles
{
    /// <summary>Largest chip, network or search-space YAML file: 16 MiB (the shipped ones are under 20 KiB).</summary>
    public const long YamlMaxBytes = 16L << 20;
    /// <summary>Largest saved report (<c>cimsim run --json</c>) read back: 256 MiB.</summary>
    public const long JsonMaxBytes = 256L << 20;
    /// <summary>Largest .npy array (weights, input image): 1 GiB (a float32 ImageNet VGG-16 fc6 is 411 MB).</summary>
    public const long NpyMaxBytes = 1L << 30;

    /// <summary>Checks <paramref name="path"/> (see the class summary) and returns its size in bytes.</summary>
    public static long Check(string path, long maxBytes = long.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputException("an empty path was given where a file was expected");
        if (path.Contains('\0')) throw new InputException(Shown(path), 0, 0, null, "the path contains a NUL character");
        var (kind, size, error) = Stat(path);
        switch (kind)
        {
            case FileKind.Missing:
                if (LinkTargetOf(path) is { } target) throw Bad(path, $"is a symbolic link to '{target}', which does not exist");
                throw Bad(path, error is null or "No such file or directory" ? "file not found" : $"cannot be reached: {error}");
            case FileKind.Directory: throw Bad(path, "is a directory, not a file");
            case FileKind.Regular: break;
            default: throw Bad(path, $"is not a regular file (it is a {Describe(kind)})");
        }
        if (size > maxBytes) throw Bad(path, $"is {Mib(size)}, larger than the {Mib(maxBytes)} limit for this kind of file");
        return size;
    }

    /// <summary>
    /// Whether an optional file (a layer's <c>.bias.npy</c>, say) is given: false when nothing is at <paramref name="path"/>,
    /// true when a file that passes <see cref="Check"/> is; anything else there (a directory, a dangling symbolic link, a
    /// device, an unreadable path) is the error <see cref="Check"/> raises, never taken as "not given".
    /// </summary>
    public static bool IsPresent(string path, long maxBytes = long.MaxValue)
    {
        var (kind, _, error) = Stat(path);
        if (kind == FileKind.Missing && error is null or "No such file or directory" && LinkTargetOf(path) is null) return false;
        Check(path, maxBytes);
        return true;
    }

    /// <summary>Checks <paramref name="path"/> and opens it for streaming reads.</summary>
    public static FileStream OpenRead(string path, long maxBytes = long.MaxValue)
    {
        Check(path, maxBytes);
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, $"cannot be read: {Reason(e)}");
        }
    }

    /// <summary>Checks <paramref name="path"/> and reads all of it (at most <paramref name="maxBytes"/>).</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var s = OpenRead(path, maxBytes);
        try
        {
            // The size the file says, read into one array (a weight file is megabytes: no growing buffer and its copies)...
            var bytes = new byte[Math.Min(s.Length, maxBytes)];
            int got = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (got < bytes.Length) return bytes[..got]; // it shrank while being read
            // ...then on to the end, at most maxBytes + 1 in all, whatever the size said: files under /proc say 0, and a file can grow.
            var more = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = s.Read(chunk, 0, chunk.Length)) > 0)
            {
                more.Write(chunk, 0, n);
                if (bytes.Length + more.Length > maxBytes) throw Bad(path, $"is larger than the {Mib(maxBytes)} limit for this kind of file");
            }
            return more.Length == 0 ? bytes : [.. bytes, .. more.ToArray()];
        }
        catch (IOException e) { throw Bad(path, $"cannot be read: {Reason(e)}"); }
    }

    /// <summary>Checks <paramref name="path"/> and reads it as text (UTF-8 unless a byte-order mark says otherwise).</summary>
    public static string ReadAllText(string path, long maxBytes = YamlMaxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>What a file-system exception says, without the path .NET appends (the caller names it).</summary>
    public static string Reason(Exception e)
    {
        string m = e.Message.ReplaceLineEndings(" ").Trim();
        int cut = m.IndexOf(" : '", StringComparison.Ordinal);
        if (cut < 0) cut = m.IndexOf(": '", StringComparison.Ordinal);
        if (e is UnauthorizedAccessException) return "permission denied";
        return cut > 0 ? m[..cut] : m;
    }

    private static InputException Bad(string path, string reason) => new(Shown(path), 0, 0, null, reason);

    private static string Shown(string path) => path.ReplaceLineEndings("\\n").Replace("\0", "\\0", StringComparison.Ordinal);

    private static string Mib(long bytes) =>
        bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB" : bytes >= 1 << 10 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";

    private static string? LinkTargetOf(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    /// <summary>What a path is, as stat(2) says after following links.</summary>
    public enum FileKind { Missing, Regular, Directory, CharacterDevice, BlockDevice, Fifo, Socket, Other }

    private static string Describe(FileKind k) => k switch
    {
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Fifo => "FIFO (named pipe)",
        FileKind.Socket => "socket",
        _ => "special file",
    };

    /// <summary>The kind and size of <paramref name="path"/>, and the system's reason when it cannot be examined.</summary>
    public static (FileKind Kind, long Size, string? Error) Stat(string path)
    {
        if (OperatingSystem.IsWindows()) return ManagedStat(path);
        var status = new byte[256];
        int rc;
        try { rc = SystemNativeStat(path, status); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return ManagedStat(path); }
        if (rc != 0) return (FileKind.Missing, 0, Marshal.GetLastPInvokeErrorMessage());
        // The runtime's own FileStatus (src/native/libs/System.Native/pal_io.h): int32 Flags, int32 Mode,
        // uint32 Uid, uint32 Gid, int64 Size, …; Mode's file-type bits are the PAL's S_IF* constants.
        int mode = BitConverter.ToInt32(status, 4) & 0xF000;
        long size = BitConverter.ToInt64(status, 16);
        var kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return (kind, size, null);
    }

    private static (FileKind, long, string?) ManagedStat(string path)
    {
        if (Directory.Exists(path)) return (FileKind.Directory, 0, null);
        var f = new FileInfo(path);
        return f.Exists ? (FileKind.Regular, f.Length, null) : (FileKind.Missing, 0, null);
    }

    // stat(2) through the runtime's native shim, which every .NET on Unix ships: the BCL has no public file-type API.
    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SystemNativeStat(string path, [Out] byte[] status);
}
