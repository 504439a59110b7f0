using System.Diagnostics;
using CimSim.Search.Sweep;
using CimSim.Tests.Architecture;
using NUnit.Framework;

namespace CimSim.Tests.Sweep;

/// <summary>The batch script, collect's report of missing shards and resume's choice — without a Slurm cluster.</summary>
[NonParallelizable]
public class SlurmScriptTests
{
    private string? _home;

    [SetUp]
    public void PointAtTheBuiltCli()
    {
        _home = Environment.GetEnvironmentVariable("CIMSIM_HOME");
        Environment.SetEnvironmentVariable("CIMSIM_HOME", RepoFiles.Root);
    }

    [TearDown]
    public void Restore() => Environment.SetEnvironmentVariable("CIMSIM_HOME", _home);

    [Test]
    public void TheScriptQuotesPathsPassesOptionsAndRunsAShardOnANode()
    {
        string dir = Path.Combine(SweepFixtures.TempDir(" it's"), "out dir");
        string spec = SweepFixtures.WriteSpec(dir: Path.GetDirectoryName(dir));
        var (code, output, err) = SweepFixtures.Cli("sweep", spec, "--out", dir, "--slurm", "--dry-run", "--shards", "3",
            "--partition", "short", "--time", "0:10:00", "--cpus-per-task", "2", "--array-parallelism", "2");
        Assert.That(code, Is.EqualTo(0), output + err);
        string script = Path.Combine(dir, "sweep.sbatch");
        var text = File.ReadAllText(script);
        Assert.That(text, Does.Contain("#SBATCH --array=0-2%2\n").And.Contain("#SBATCH --partition=short\n").And.Contain("#SBATCH --time=0:10:00\n")
            .And.Contain("#SBATCH --cpus-per-task=2\n").And.Contain($"#SBATCH --output=\"{dir}/logs/shard-%a-job%A.out\"\n"));
        Assert.That(text, Does.Contain("--shard \"$SLURM_ARRAY_TASK_ID/3\""));
        Assert.That(text, Does.Contain("it'\\''s"), "a quote in a path is escaped for bash");
        Assert.That(output, Does.Contain("sbatch --parsable '"));
        Assert.That(File.Exists(Path.Combine(dir, "sweep.json")));

        // What a node does: bash runs the script with the task's variables.
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        psi.Environment["SLURM_CPUS_PER_TASK"] = "1";
        using (var p = Process.Start(psi)!)
        {
            string so = p.StandardOutput.ReadToEnd(), se = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.EqualTo(0), so + se);
        }
        Assert.That(File.ReadAllLines(SweepShards.FinalPath(dir, 1)), Has.Length.EqualTo(3), "points 1, 4, 7");

        // collect names what is missing and merges nothing.
        (code, output, _) = SweepFixtures.Cli("sweep", "collect", dir);
        Assert.That(code, Is.EqualTo(3));
        Assert.That(output, Does.Contain("shard 0: missing").And.Contain("shard 2: missing").And.Not.Contain("shard 1:"));
        Assert.That(File.Exists(Path.Combine(dir, "results.jsonl")), Is.False);

        // A failed shard is listed with its error; resume (dry run) resubmits exactly the missing and failed ones.
        File.WriteAllText(SweepShards.FailedPath(dir, 2), "out of memory\n");
        (code, output, _) = SweepFixtures.Cli("sweep", "collect", dir);
        Assert.That(output, Does.Contain("shard 2: failed (0 of 2 points stored): out of memory"));
        (code, output, err) = SweepFixtures.Cli("sweep", dir, "--slurm", "--resume", "--dry-run");
        Assert.That(code, Is.EqualTo(0), output + err);
        Assert.That(output, Does.Contain($"sbatch --parsable --array=0,2 '{script.Replace("'", "'\\''")}'"));

        // A second submission into the same directory is refused.
        (code, _, err) = SweepFixtures.Cli("sweep", spec, "--out", dir, "--slurm", "--dry-run");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("--resume"));
    }

    [TestCase("sweep", "--partition", "foo")]   // ran locally, the option ignored
    [TestCase("sweep", "--shards", "4")]
    [TestCase("sweep", "--cpus-per-task", "4")]
    [TestCase("search", "--partition", "x")]
    [TestCase("search", "--wait", null)]
    public void SlurmOptionsWithoutSlurmAreRefused(string command, string option, string? value)
    {
        string spec = SweepFixtures.WriteSpec("vary:\n  readout.adc.bits: [4]\n");
        string dir = Path.Combine(Path.GetDirectoryName(spec)!, "out");
        string[] args = command == "sweep" ? ["sweep", spec, "--out", dir] : ["search", "--space", spec, "--out", dir];
        var (code, output, err) = SweepFixtures.Cli([.. args, option, .. value is null ? Array.Empty<string>() : [value]]);
        Assert.That((code, err), Is.EqualTo((2, $"cimsim: error: {option}: only with --slurm\n")), output);
        Assert.That(Directory.Exists(dir), Is.False, "nothing is written");
    }

    [Test]
    public void ZeroShardsIsRefusedNotTakenForTheDefault()
    {
        string spec = SweepFixtures.WriteSpec("vary:\n  readout.adc.bits: [4, 5]\n");
        var (code, output, err) = SweepFixtures.Cli("sweep", spec, "--out", Path.Combine(Path.GetDirectoryName(spec)!, "o"), "--slurm", "--dry-run", "--shards", "0");
        Assert.That((code, err), Is.EqualTo((2, "cimsim: error: --shards: must be at least 1, got 0\n")), output);
    }

    [Test]
    public void ArrayIndicesAreCompressedIntoRuns() =>
        Assert.That(SlurmBatch.Array([0, 1, 2, 5, 7, 8], 3), Is.EqualTo("0-2,5,7-8%3"));
}
