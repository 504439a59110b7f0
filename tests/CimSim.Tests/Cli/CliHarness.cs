using System.Diagnostics;
using CimSim.Cli;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Cli;

/// <summary>Runs the CLI in-process (Program.Run) or, where a non-root user or a private mount is needed, as a child process.</summary>
internal static class CliHarness
{
    public sealed record Result(int Code, string Out, string Err)
    {
        /// <summary>Standard error's lines, without empty ones.</summary>
        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static Result Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return new Result(code, o.ToString(), e.ToString());
    }

    public static string Chip(string name = "hcim.yaml") => RepoFiles.Architecture(name);

    /// <summary>A fresh temporary directory, removed (with everything in it, whatever its mode) by <see cref="Remove"/>.</summary>
    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "cimsim-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void Remove(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Prepend(dir))
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(dir, true);
    }

    /// <summary>Every entry under <paramref name="dir"/> with its size and write time: "nothing created or changed" is this list unchanged.</summary>
    public static string[] Snapshot(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
            .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p):O}")
            .Order(StringComparer.Ordinal).ToArray();

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>cimsim.dll beside the test binaries (the test project references the CLI).</summary>
    public static string CimsimDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "cimsim.dll");

    /// <summary>Runs <c>dotnet cimsim.dll args</c> through <paramref name="wrapper"/> (e.g. setpriv …) as a child process.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static Result Child(string[] wrapper, params string[] args)
    {
        var psi = new ProcessStartInfo(wrapper[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var w in wrapper.Skip(1)) psi.ArgumentList.Add(w);
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(CimsimDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail("the child cimsim did not finish in 120 s"); }
        return new Result(p.ExitCode, output, err.Result);
    }

    /// <summary>The wrapper that runs a command as the unprivileged user 'nobody', or null when this machine cannot.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string[]? AsNobody()
    {
        if (!IsRoot) return ["env"]; // already unprivileged: run as is
        if (!File.Exists("/usr/bin/setpriv")) return null;
        return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
    }
}
