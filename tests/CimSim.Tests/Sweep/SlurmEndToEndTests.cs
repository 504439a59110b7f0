using System.Diagnostics;
using CimSim.Search.Sweep;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Sweep;

/// <summary>
/// Sweeps and a search through a real Slurm (tools/slurm-local.sh: munged, slurmctld and slurmd on this machine).
/// Uses the cluster named by SLURM_CONF when one answers (.ci/run starts one); otherwise starts one here and stops
/// it afterwards. Skipped, with the reason, only where that cannot work (not root, or no Slurm and no apt-get).
/// </summary>
[NonParallelizable]
public class SlurmEndToEndTests
{
    private string? _home, _conf, _state;
    private string _spec = "", _local = "";

    [OneTimeSetUp]
    public void StartSlurm()
    {
        _home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        _conf = Environment.GetEnvironmentVariable("SLURM_CONF");
        Environment.SetEnvironmentVariable("CIMSIM_HOME", RepoFiles.Root);
        if (!(_conf is not null && Sh("sinfo", "-h").Code == 0))
        {
            string tool = Path.Combine(RepoFiles.Root, "tools", "slurm-local.sh");
            var check = Sh(tool, "check");
            if (check.Code != 0) Assert.Ignore($"no Slurm here and none can be started: {check.Output.Trim()}");
            _state = Path.Combine(Path.GetTempPath(), "cimsim-slurm-tests-" + Environment.ProcessId);
            var up = Sh(tool, "up", _state);
            if (up.Code != 0) Assert.Fail($"tools/slurm-local.sh up failed: {up.Output}");
            Environment.SetEnvironmentVariable("SLURM_CONF", Path.Combine(_state, "slurm.conf"));
        }
        _spec = SweepFixtures.WriteSpec();
        _local = Path.Combine(Path.GetDirectoryName(_spec)!, "local");
        var (code, output, err) = SweepFixtures.Cli("sweep", _spec, "--out", _local);
        Assert.That(code, Is.EqualTo(0), output + err);
    }

    [OneTimeTearDown]
    public void StopSlurm()
    {
        if (_state is not null) Sh(Path.Combine(RepoFiles.Root, "tools", "slurm-local.sh"), "down", _state);
        Environment.SetEnvironmentVariable("SLURM_CONF", _conf);
        Environment.SetEnvironmentVariable("CIMSIM_HOME", _home);
    }

    private void AssertSameAsLocal(string dir)
    {
        foreach (var f in new[] { "results.jsonl", "sweep.csv", "sweep-energy.svg", "sweep-edap.svg" })
            Assert.That(File.ReadAllBytes(Path.Combine(dir, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_local, f))), f);
    }

    [Test]
    public void AJobArrayOfEightPointsCollectsToTheLocalRunsBytes()
    {
        string dir = Path.Combine(Path.GetDirectoryName(_spec)!, "slurm run");
        var (code, output, err) = SweepFixtures.Cli("sweep", _spec, "--out", dir, "--slurm", "--shards", "4", "--wait");
        Assert.That(code, Is.EqualTo(0), output + err);
        Assert.That(output, Does.Match("submitted job array [0-9]+ \\(4 tasks, 8 points\\)"));
        Assert.That(Directory.GetFiles(Path.Combine(dir, "shards")).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "0.jsonl", "1.jsonl", "2.jsonl", "3.jsonl" }));
        Assert.That(Directory.GetFiles(Path.Combine(dir, "logs")), Has.Length.EqualTo(4), "one log per array task");
        AssertSameAsLocal(dir);
    }

    [Test]
    public void ResumeResubmitsOnlyTheShardWhoseTaskWasKilled()
    {
        string dir = Path.Combine(Path.GetDirectoryName(_spec)!, "slurm resume");
        var (code, output, err) = SweepFixtures.Cli("sweep", _spec, "--out", dir, "--slurm", "--shards", "3", "--dry-run");
        Assert.That(code, Is.EqualTo(0), output + err);
        string script = Path.Combine(dir, "sweep.sbatch");
        // Submit held, kill task 1 before it can start, release the rest: deterministic, whatever the scheduler's timing.
        var sub = Sh("sbatch", "--parsable", "--hold", script);
        Assert.That(sub.Code, Is.EqualTo(0), sub.Output);
        string job = sub.Output.Trim().Split(';')[0];
        Assert.That(Sh("scancel", $"{job}_1").Code, Is.EqualTo(0));
        Assert.That(Sh("scontrol", "release", job).Code, Is.EqualTo(0));
        SlurmBatch.Wait([job], CancellationToken.None, TimeSpan.FromSeconds(0.3));

        (code, output, _) = SweepFixtures.Cli("sweep", "collect", dir);
        Assert.That(code, Is.EqualTo(3), output);
        Assert.That(output, Does.Contain("shard 1: missing").And.Contain("1 of 3 shards are not complete"));
        var kept = new[] { 0, 2 }.ToDictionary(i => i, i => (File.GetLastWriteTimeUtc(SweepShards.FinalPath(dir, i)), File.ReadAllBytes(SweepShards.FinalPath(dir, i))));

        (code, output, err) = SweepFixtures.Cli("sweep", dir, "--slurm", "--resume", "--wait");
        Assert.That(code, Is.EqualTo(0), output + err);
        Assert.That(output, Does.Match("resubmitted shards 1 of 3 as job ([0-9]+)"));
        string again = System.Text.RegularExpressions.Regex.Match(output, "as job ([0-9]+)").Groups[1].Value;
        Assert.That(Directory.GetFiles(Path.Combine(dir, "logs"), $"*job{again}.out").Select(Path.GetFileName),
            Is.EqualTo(new[] { $"shard-1-job{again}.out" }), "the resubmitted array ran shard 1 only");
        foreach (var (i, (time, bytes)) in kept)
        {
            Assert.That(File.GetLastWriteTimeUtc(SweepShards.FinalPath(dir, i)), Is.EqualTo(time), $"shard {i} untouched");
            Assert.That(File.ReadAllBytes(SweepShards.FinalPath(dir, i)), Is.EqualTo(bytes));
        }
        AssertSameAsLocal(dir);
    }

    private static (int Code, string Output) Sh(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, o + err.Result);
        }
        catch (System.ComponentModel.Win32Exception e) { return (127, e.Message); }
    }
}
