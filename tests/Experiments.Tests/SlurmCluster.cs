using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// A real single-node Slurm cluster in a temporary folder (Debian's slurm-wlm and munge, started as root):
/// munged with its own key and socket, slurmctld and slurmd on free ports, one partition with this machine's
/// cores. <see cref="SkipReason"/> says why none can start here (not root, packages missing), <see cref="Problem"/> why
/// this one did not; the cluster is shut down
/// and its folder removed on dispose.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-slurm-").FullName;

    /// <summary>Why no cluster can start here (not root, packages missing), or null; tests of the Slurm path skip with it.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    /// <summary>Why a cluster that should have started did not (a test failure, not a skip).</summary>
    public string? Problem { get; }

    public string ConfigFile => Path.Combine(_folder, "slurm.conf");

    public SlurmCluster()
    {
        if (SkipReason is not null) return;
        try
        {
            Start();
            WaitUntilIdle();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            Problem = $"the test cluster did not start: {e.Message}";
        }
    }

    private static string? FindSkipReason()
    {
        string[] programs = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/sbin/runuser"];
        if (programs.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            return $"{missing} is missing: install Debian's slurm-wlm and munge (.ci/run does)";
        return Environment.UserName == "root" ? null : "starting slurmctld, slurmd and munged needs root";
    }

    /// <summary>Runs a Slurm client (sbatch, squeue, scancel, scontrol) against this cluster; returns its standard output.</summary>
    public string Client(string program, params string[] arguments)
    {
        var (code, output, errors) = Execute(program, arguments);
        if (code != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({code}): {errors}");
        return output;
    }

    /// <summary>Waits until none of <paramref name="jobIds"/> is pending or running.</summary>
    public void WaitFor(IEnumerable<string> jobIds, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string ids = string.Join(',', jobIds);
        while (Client("squeue", "-h", "-j", ids, "-o", "%i").Trim().Length > 0)
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"jobs {ids} still queued after {timeout.TotalSeconds} s:\n{Client("squeue")}");
            Thread.Sleep(1000);
        }
    }

    /// <summary>The environment every process that talks to this cluster needs.</summary>
    public void Configure(ProcessStartInfo start) => start.Environment["SLURM_CONF"] = ConfigFile;

    private void Start()
    {
        string munge = Path.Combine(_folder, "munge");
        Directory.CreateDirectory(munge);
        Directory.CreateDirectory(Path.Combine(_folder, "state"));
        Directory.CreateDirectory(Path.Combine(_folder, "spool"));
        Must("chmod", "755", _folder);
        File.WriteAllBytes(Path.Combine(munge, "munge.key"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        Must("chmod", "400", Path.Combine(munge, "munge.key"));
        Must("chown", "-R", "munge:munge", munge);
        Must("chmod", "711", munge); // munged wants its socket folder traversable by all
        Must("/usr/sbin/runuser", "-u", "munge", "--", "/usr/sbin/munged", $"--key-file={munge}/munge.key", $"--socket={munge}/munge.socket",
            $"--pid-file={munge}/munged.pid", $"--log-file={munge}/munged.log", $"--seed-file={munge}/munged.seed");
        string host = Dns.GetHostName();
        File.WriteAllText(ConfigFile, $"""
            ClusterName=mlnetgenre
            SlurmctldHost={host}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={munge}/munge.socket
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            StateSaveLocation={_folder}/state
            SlurmdSpoolDir={_folder}/spool
            SlurmctldPidFile={_folder}/slurmctld.pid
            SlurmdPidFile={_folder}/slurmd.pid
            SlurmctldLogFile={_folder}/slurmctld.log
            SlurmdLogFile={_folder}/slurmd.log
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            ReturnToService=2
            MpiDefault=none
            NodeName={host} CPUs={Environment.ProcessorCount} State=UNKNOWN
            PartitionName=main Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        Must("/usr/sbin/slurmctld", "-f", ConfigFile);
        Must("/usr/sbin/slurmd", "-f", ConfigFile);
    }

    private void WaitUntilIdle()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (code, output, _) = Execute("sinfo", "-h", "-o", "%t");
            if (code == 0 && output.Trim() == "idle") return;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"the node is not idle after 30 s (sinfo: '{output.Trim()}'); see {_folder}/slurmctld.log and slurmd.log");
            Thread.Sleep(300);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Must(string program, params string[] arguments)
    {
        var (code, _, errors) = Execute(program, arguments);
        if (code != 0) throw new InvalidOperationException($"{program} failed ({code}): {errors.Trim()}");
    }

    private (int Code, string Output, string Errors) Execute(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        Configure(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors);
    }

    public void Dispose()
    {
        if (SkipReason is null && Problem is null)
        {
            Execute("scontrol", "shutdown");
            Thread.Sleep(500);
        }
        string pid = Path.Combine(_folder, "munge", "munged.pid");
        if (File.Exists(pid) && int.TryParse(File.ReadAllText(pid).Trim(), out int id))
            try { Process.GetProcessById(id).Kill(); } catch (ArgumentException) { }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fact that needs a <see cref="SlurmCluster"/>.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.SkipReason is not null) Skip = SlurmCluster.SkipReason;
    }
}
