using System.Globalization;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// A run's hold on its id: <c>&lt;id&gt;.claim</c>, created exclusively and kept locked for the whole run, so two runs
/// started in the same second into one folder get different ids and never share a <c>.partial</c> folder. The lock is
/// released by the OS when a process dies, which is how a later run tells a killed run's leftovers (cleaned at start)
/// from a live run's (left alone).
/// </summary>
internal sealed class RunClaim : IDisposable
{
    private const string Suffix = ".claim", Partial = ".partial";
    private readonly FileStream _lock;
    private readonly string _path;
    private bool _released;

    private RunClaim(FileStream held, string path)
    {
        _lock = held;
        _path = path;
    }

    public static (string RunId, RunClaim Claim) Take(string experimentRoot, DateTimeOffset started, IRunLog log)
    {
        Directory.CreateDirectory(experimentRoot);
        CleanStale(experimentRoot, log);
        string stem = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (int i = 1; ; i++)
        {
            string id = i == 1 ? stem : $"{stem}-{i}";
            string path = Path.Combine(experimentRoot, id + Suffix);
            if (Directory.Exists(Path.Combine(experimentRoot, id)) || Directory.Exists(Path.Combine(experimentRoot, id + Partial))) continue;
            try
            {
                return (id, new RunClaim(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1), path));
            }
            catch (IOException) when (File.Exists(path))
            {
                // another run took this id a moment ago: try the next
            }
        }
    }

    /// <summary>Removes the partial folders (and claims) of runs whose process is gone: nobody holds their claim any more.</summary>
    private static void CleanStale(string experimentRoot, IRunLog log)
    {
        foreach (string partial in Directory.GetDirectories(experimentRoot, "*" + Partial))
        {
            string id = Path.GetFileName(partial)[..^Partial.Length];
            string claim = Path.Combine(experimentRoot, id + Suffix);
            try
            {
                using (new FileStream(claim, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1))
                    Directory.Delete(partial, recursive: true);
                File.Delete(claim);
                log.Info($"Removed {partial}, left by a run that stopped before finishing (its finished trials are kept and reused)");
            }
            catch (IOException e) when (TrialStore.IsHeldElsewhere(e))
            {
                // a run in progress
            }
        }
    }

    /// <summary>Ends the claim: unlocks and removes the claim file (the run folder is final or gone by then).</summary>
    public void Release()
    {
        if (_released) return;
        _released = true;
        _lock.Dispose();
        try { File.Delete(_path); } catch (IOException) { }
    }

    public void Dispose() => Release();
}
