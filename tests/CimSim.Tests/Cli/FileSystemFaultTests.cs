using System.Diagnostics;
using CimSim.Cli;
using NUnit.Framework;
using static CimSim.Tests.Cli.CliHarness;

namespace CimSim.Tests.Cli;

/// <summary>
/// Issue 11, class 2 (file-system faults) and class 4 (half-written outputs), end to end: every fault is exit code 2
/// and one line naming the path and what is wrong, found before any simulation, and nothing is created or changed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FileSystemFaultTests
{
    private string _dir = "";

    [SetUp] public void SetUp() => _dir = TempDir();
    [TearDown] public void TearDown() => Remove(_dir);

    private static void OneLine(Result r, string expected)
    {
        Assert.That(r.Code, Is.EqualTo(Program.UserError), r.Err + r.Out);
        Assert.That(r.ErrLines, Has.Length.EqualTo(1), r.Err);
        Assert.That(r.ErrLines[0], Does.StartWith("cimsim: error: ").And.Contain(expected));
        Assert.That(r.Err, Does.Not.Contain("internal error").And.Not.Contain("   at "));
    }

    [Test]
    public void WholeFilesAreReadWhateverTheirSizeSays()
    {
        // A regular file: its bytes, in one array of the size it gives.
        string f = Path.Combine(_dir, "a.bin");
        var bytes = Enumerable.Range(0, 200_001).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(f, bytes);
        Assert.That(InputFiles.ReadAllBytes(f, bytes.Length), Is.EqualTo(bytes));
        Assert.That(Assert.Throws<InputException>(() => InputFiles.ReadAllBytes(f, bytes.Length - 1))!.Message, Does.Contain("a.bin").And.Contain("limit"));
        // A /proc file says size 0 and has text: all of it is read, and the limit still holds.
        string status = InputFiles.ReadAllText("/proc/self/status");
        Assert.That(status, Does.StartWith("Name:").And.Contain("VmRSS"));
        Assert.That(Assert.Throws<InputException>(() => InputFiles.ReadAllBytes("/proc/self/status", 10))!.Message, Does.Contain("limit"));
    }

    [Test]
    public void DevZeroAsAChipIsRefusedAtOnce()
    {
        var sw = Stopwatch.StartNew();
        OneLine(Run("run", "--arch", "/dev/zero"), "/dev/zero: is not a regular file (it is a character device)");
        Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(10), "must not read /dev/zero until memory runs out");
    }

    [Test]
    public void AFifoAsANetworkIsRefusedWithoutBlocking()
    {
        string fifo = Path.Combine(_dir, "net.yaml");
        using (var p = Process.Start("mkfifo", [fifo])) p.WaitForExit();
        Assume.That(File.Exists(fifo), "mkfifo is not available");
        // Opening a FIFO blocks until a writer comes: the check must come before any open.
        var task = Task.Run(() => Run("net", fifo));
        Assert.That(task.Wait(TimeSpan.FromSeconds(30)), Is.True, "cimsim net blocked on a FIFO");
        OneLine(task.Result, $"{fifo}: is not a regular file (it is a FIFO (named pipe))");
    }

    [Test]
    public void ADanglingSymlinkIsSaidToBeOne()
    {
        string link = Path.Combine(_dir, "chip.yaml");
        File.CreateSymbolicLink(link, Path.Combine(_dir, "gone.yaml"));
        OneLine(Run("arch", link), $"{link}: is a symbolic link to '{Path.Combine(_dir, "gone.yaml")}', which does not exist");
        OneLine(Run("run", "--arch", link, "--quiet"), "which does not exist");
    }

    [Test]
    public void ADirectoryGivenAsAFileIsRefused()
    {
        OneLine(Run("run", "--arch", _dir), $"{_dir}: is a directory, not a file");
        OneLine(Run("trace", "info", _dir), $"{_dir}: is a directory, not a file");
        OneLine(Run("search", "--space", _dir, "-o", Path.Combine(_dir, "out")), $"{_dir}: is a directory, not a file");
        OneLine(Run("run", "--json", _dir), $"--json: '{_dir}' is a directory, not a file");
        Assert.That(Snapshot(_dir), Is.Empty);
    }

    [Test]
    public void EmptyPathsAreRefused()
    {
        OneLine(Run("run", "--arch", ""), "--arch: an empty value was given");
        OneLine(Run("run", "--json", ""), "--json: an empty path was given");
        OneLine(Run("compile", "--arch", Chip(), "--network", "resnet20", "-o", ""), "--out: an empty value was given");
        OneLine(Run("compare", Chip(), "-o", ""), "--out: an empty value was given");
        OneLine(Run("arch", ""), "an empty path was given where a file was expected");
    }

    [Test]
    public void AnOversizedYamlIsRefusedBeforeReading()
    {
        string big = Path.Combine(_dir, "big.yaml");
        using (var f = File.Create(big)) f.SetLength(InputFiles.YamlMaxBytes + 1); // sparse: no disk used
        OneLine(Run("run", "--arch", big), $"{big}: is 16 MiB, larger than the 16 MiB limit");
    }

    [Test]
    public void AnExistingOutputIsLeftAloneWithoutForce()
    {
        string json = Path.Combine(_dir, "r.json");
        File.WriteAllText(json, "mine");
        File.SetLastWriteTimeUtc(json, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var before = Snapshot(_dir);
        var sw = Stopwatch.StartNew();
        OneLine(Run("run", "--network", "vgg16", "--json", json), $"--json: '{json}' exists; pass --force to overwrite it");
        Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(5), "refused before compiling VGG-16");
        Assert.That(Snapshot(_dir), Is.EqualTo(before));
        Assert.That(File.ReadAllText(json), Is.EqualTo("mine"));
        // The same for every command that writes.
        OneLine(Run("compile", "--arch", Chip(), "--network", "resnet20", "-o", json), "exists; pass --force");
        OneLine(Run("arch", Chip(), "--json", json), "exists; pass --force");
        Assert.That(Snapshot(_dir), Is.EqualTo(before));
    }

    [Test]
    public void AMissingParentIsNotCreated()
    {
        string json = Path.Combine(_dir, "typo", "r.json");
        OneLine(Run("run", "--json", json), $"directory '{Path.Combine(_dir, "typo")}' does not exist; create it first");
        OneLine(Run("compare", Chip(), "-o", Path.Combine(_dir, "a", "b")), $"directory '{Path.Combine(_dir, "a")}' does not exist");
        Assert.That(Snapshot(_dir), Is.Empty);
    }

    [Test]
    public void AReadOnlyFileSystemIsRefusedBeforeSimulating()
    {
        // /proc accepts no new files, for root too: the probe finds it before any work.
        OneLine(Run("run", "--json", "/proc/cimsim-test.json"), "--json: cannot create files in '/proc'");
        OneLine(Run("compare", Chip(), "-o", "/proc/cimsim-test"), "--out: cannot create files in '/proc'");
        Assert.That(File.Exists("/proc/cimsim-test.json"), Is.False);
    }

    [Test]
    public void RunJsonSaysWhereItWroteAndForceReplaces()
    {
        string json = Path.Combine(_dir, "r.json");
        var r = Run("run", "--arch", Chip(), "--json", json, "--csv", Path.Combine(_dir, "csv"));
        Assert.That(r.Code, Is.Zero, r.Err);
        Assert.That(r.Err, Does.Contain($"cimsim: wrote {json} (report JSON)").And.Contain($"cimsim: wrote {Path.Combine(_dir, "csv")}/ (totals.csv"));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "csv")), Has.Length.EqualTo(6));
        File.WriteAllText(json, "old");
        Assert.That(Run("run", "--arch", Chip(), "--json", json, "--force", "--quiet").Code, Is.Zero);
        Assert.That(File.ReadAllText(json), Does.StartWith("{"));
        Assert.That(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no temporary file is left");
    }

    [Test]
    public void UnreadableInputsAsAnUnprivilegedUser()
    {
        // Root reads any file, so chmod 000 alone proves nothing in-process: run the CLI as 'nobody' (setpriv).
        var nobody = AsNobody();
        if (nobody is null) Assert.Ignore("no way to run as an unprivileged user here (setpriv missing)");
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        string chip = Path.Combine(_dir, "chip.yaml");
        File.Copy(Chip(), chip);
        File.SetUnixFileMode(chip, UnixFileMode.None);
        var r = Child(nobody, "arch", chip);
        OneLine(r, $"{chip}: cannot be read: permission denied");

        // A file in a directory that cannot be entered.
        string locked = Path.Combine(_dir, "locked");
        Directory.CreateDirectory(locked);
        File.Copy(Chip(), Path.Combine(locked, "chip.yaml"));
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        r = Child(nobody, "arch", Path.Combine(locked, "chip.yaml"));
        OneLine(r, $"{Path.Combine(locked, "chip.yaml")}: cannot be reached: Permission denied");
    }

    [Test]
    public void AReadOnlyOutputDirectoryAsAnUnprivilegedUser()
    {
        var nobody = AsNobody();
        if (nobody is null) Assert.Ignore("no way to run as an unprivileged user here (setpriv missing)");
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        string ro = Path.Combine(_dir, "ro");
        Directory.CreateDirectory(ro);
        File.SetUnixFileMode(ro, (UnixFileMode)0b101_101_101); // 0555
        var before = Snapshot(_dir);
        var sw = Stopwatch.StartNew();
        var r = Child(nobody, "run", "--arch", Chip(), "--network", "vgg16", "--json", Path.Combine(ro, "r.json"));
        OneLine(r, $"--json: cannot create files in '{ro}': permission denied");
        Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(60), "refused before compiling VGG-16");
        r = Child(nobody, "compile", "--arch", Chip(), "--network", "resnet20", "-o", Path.Combine(ro, "t.trace"));
        OneLine(r, $"--out: cannot create files in '{ro}': permission denied");
        Assert.That(Snapshot(_dir), Is.EqualTo(before));
    }

    [Test]
    public void AFullDiskLeavesNoPartialFile()
    {
        // A private 8 KiB tmpfs (a mount namespace of the child's own, gone when it exits) is a disk that fills up.
        if (!IsRoot || !File.Exists("/usr/bin/unshare")) Assert.Ignore("needs root and unshare for a private tmpfs");
        string mnt = Path.Combine(_dir, "small");
        Directory.CreateDirectory(mnt);
        var r = Child(["/usr/bin/unshare", "-m", "--", "/bin/sh", "-c",
            $"mount -t tmpfs -o size=8k tmpfs '{mnt}' && \"$@\"; rc=$?; ls -A '{mnt}' >&2; exit $rc", "sh"],
            "run", "--arch", Chip(), "--json", Path.Combine(mnt, "r.json"), "--csv", Path.Combine(mnt, "csv"), "--quiet");
        if (r.Err.Contains("mount:")) Assert.Ignore("tmpfs cannot be mounted here: " + r.Err);
        // One error line, and `ls -A` of the mount printed nothing after it: no r.json, no csv/, no temporary file.
        OneLine(r, "No space left on device; nothing was written");
    }
}
